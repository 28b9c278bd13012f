package clinic.infra;

import clinic.App;
import clinic.auth.TokenVerifier;
import clinic.domain.Problem;
import clinic.http.Json;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The HTTP API on one machine: the routes of template.yaml, the Cognito JWT authorizer enforced as
 * API Gateway enforces it, and each request handed to its function in-process as the same payload
 * v2 event. Requests are served concurrently, as many Lambda instances would serve them.
 */
public final class LocalApi implements AutoCloseable {
    static final int MAX_PAYLOAD = 10 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService workers;
    private final List<Bound> routes;
    private final TokenVerifier verifier;

    private record Bound(CfnTemplate.Route route, String[] segments,
                         RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        /** Static segments outrank parameters, as in API Gateway: /search before /{id}. */
        int specificity() {
            int score = 0;
            for (String s : segments) {
                score = score * 2 + (s.startsWith("{") ? 0 : 1);
            }
            return score;
        }
    }

    private LocalApi(HttpServer server, ExecutorService workers, List<Bound> routes, TokenVerifier verifier) {
        this.server = server;
        this.workers = workers;
        this.routes = routes;
        this.verifier = verifier;
    }

    public static LocalApi start(App app, int port) throws IOException {
        return start(app, "127.0.0.1", port);
    }

    /** On {@code host}: 127.0.0.1 unless a phone or an emulator on another machine must reach it (0.0.0.0). */
    public static LocalApi start(App app, String host, int port) throws IOException {
        List<Bound> routes = new ArrayList<>();
        for (CfnTemplate.Route route : CfnTemplate.read(Repo.template()).routes()) {
            routes.add(new Bound(route, segments(route.path()), instantiate(route.handlerClass(), app)));
        }
        routes.sort(Comparator.comparingInt((Bound b) -> b.segments().length).thenComparing(Bound::specificity, Comparator.reverseOrder()));
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
        ExecutorService workers = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "local-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        LocalApi api = new LocalApi(server, workers, List.copyOf(routes), app.tokenVerifier());
        server.createContext("/", api::serve);
        server.start();
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL on this machine (the loopback address when bound to all addresses). */
    public String url() {
        var address = server.getAddress().getAddress();
        return "http://" + (address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress()) + ":" + port();
    }

    public List<CfnTemplate.Route> routes() {
        return routes.stream().map(Bound::route).toList();
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> instantiate(String className, App app) {
        try {
            // As Lambda does with the template's Handler, but through the constructor that takes the App.
            return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                    Class.forName(className).getConstructor(App.class).newInstance(app);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("template.yaml names handler " + className + " that cannot be built", e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(exchange, 413, gatewayError("Request Entity Too Large", "PAYLOAD_TOO_LARGE"), Map.of());
                return;
            }
            String rawPath = exchange.getRequestURI().getRawPath();
            String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            Optional<Match> match = match(method, path);
            if (match.isEmpty()) {
                send(exchange, 404, gatewayError("Not Found", "NOT_FOUND"), Map.of());
                return;
            }
            Map<String, String> claims = null;
            if (match.get().bound().route().authorized()) {
                try {
                    claims = authorize(exchange.getRequestHeaders().getFirst("Authorization"));
                } catch (Problem.Unauthenticated | Problem.Busy refused) {
                    boolean missing = exchange.getRequestHeaders().getFirst("Authorization") == null;
                    send(exchange, 401, gatewayError("Unauthorized", "UNAUTHORIZED"),
                            Map.of("WWW-Authenticate", missing ? "Bearer" : "Bearer error=\"invalid_token\""));
                    return;
                }
            }
            APIGatewayV2HTTPEvent event = event(exchange, match.get(), rawPath, body, claims);
            APIGatewayV2HTTPResponse response;
            try {
                response = match.get().bound().handler().handleRequest(event, null);
            } catch (RuntimeException | Error crash) {
                send(exchange, 500, gatewayError("Internal Server Error", "INTERNAL_ERROR"), Map.of());
                return;
            }
            byte[] out = response.getBody() == null ? new byte[0]
                    : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                    : response.getBody().getBytes(StandardCharsets.UTF_8);
            send(exchange, response.getStatusCode(), out, response.getHeaders() == null ? Map.of() : response.getHeaders());
        }
    }

    private record Match(Bound bound, Map<String, String> pathParameters) {}

    private Optional<Match> match(String method, String path) {
        String[] parts = segments(path);
        for (Bound bound : routes) {
            if (!bound.route().method().equals(method) || bound.segments().length != parts.length) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                String pattern = bound.segments()[i];
                if (pattern.startsWith("{")) {
                    String value = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
                    matches = !value.isEmpty();
                    params.put(pattern.substring(1, pattern.length() - 1), value);
                } else {
                    matches = pattern.equals(parts[i]);
                }
            }
            if (matches) {
                return Optional.of(new Match(bound, params));
            }
        }
        return Optional.empty();
    }

    /** The JWT authorizer: a bearer token this pool signed for this client, in date. */
    private Map<String, String> authorize(String header) {
        if (header == null || header.isBlank()) {
            throw new Problem.Unauthenticated("missing", "UNAUTHORIZED");
        }
        String token = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : header;
        JWTClaimsSet claims = verifier.verify(token);
        Map<String, String> rendered = new LinkedHashMap<>();
        claims.getClaims().forEach((name, value) -> rendered.put(name, render(value)));
        return rendered;
    }

    /** Claims as API Gateway hands them to a function: strings, arrays as {@code [a b]}, times in seconds. */
    static String render(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
        }
        if (value instanceof Date date) {
            return Long.toString(date.toInstant().getEpochSecond());
        }
        return String.valueOf(value);
    }

    private static APIGatewayV2HTTPEvent event(HttpExchange exchange, Match match, String rawPath, byte[] body,
                                              Map<String, String> claims) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.merge(name, value, (a, b) -> a + "," + b);
        }
        String text = utf8(body);
        boolean base64 = text == null;
        String routeKey = match.bound().route().method() + " " + match.bound().route().path();
        Instant now = Instant.now();
        RequestContext.Authorizer authorizer = claims == null ? null : RequestContext.Authorizer.builder()
                .withJwt(RequestContext.Authorizer.JWT.builder().withClaims(claims).withScopes(null).build()).build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters())
                .withBody(body.length == 0 ? null : base64 ? Base64.getEncoder().encodeToString(body) : text)
                .withIsBase64Encoded(body.length > 0 && base64)
                .withRequestContext(RequestContext.builder()
                        .withRouteKey(routeKey).withAccountId("000000000000").withApiId("local").withStage("$default")
                        .withDomainName(headers.getOrDefault("host", "127.0.0.1")).withDomainPrefix("local")
                        .withRequestId(UUID.randomUUID().toString())
                        .withTime(now.toString()).withTimeEpoch(now.toEpochMilli())
                        .withHttp(RequestContext.Http.builder().withMethod(match.bound().route().method()).withPath(rawPath)
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.get("user-agent")).build())
                        .withAuthorizer(authorizer)
                        .build())
                .build();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The body, or null when it is over API Gateway's payload limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_PAYLOAD + 1);
        return body.length > MAX_PAYLOAD ? null : body;
    }

    /** API Gateway's own answers carry {@code message}; the contract's {@code error} and {@code code} are added. */
    private static byte[] gatewayError(String message, String code) {
        return Json.write(Map.of("message", message, "error", message, "code", code)).getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, Map<String, String> headers) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (body.length > 0 && !exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        boolean empty = body.length == 0 || status == 204 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String[] segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
