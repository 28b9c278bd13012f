package clinic.infra;

import clinic.App;
import clinic.auth.TokenVerifier;
import clinic.domain.Problem;
import clinic.http.Json;
import clinic.http.Routes;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The HTTP API on one machine: the routes of template.yaml chosen as API Gateway chooses them
 * ({@link Routes}: exact paths, so {@code /x/} is not {@code /x}; the {@code $default} route for
 * the rest), the Cognito JWT authorizer enforced as API Gateway enforces it, and each request
 * handed to its function in-process as the same payload v2 event. Requests are served
 * concurrently, as many Lambda instances would serve them. HTTP is read by {@link Http1}, so a
 * malformed request gets the contract's JSON error, never a server's HTML page.
 */
public final class LocalApi implements AutoCloseable {
    static final int MAX_PAYLOAD = 10 * 1024 * 1024;

    private final ServerSocket socket;
    private final ExecutorService connections;
    private final Routes routes;
    private final Map<String, Bound> byKey;
    private final Bound fallback;
    private final TokenVerifier verifier;
    private final Consumer<String> log;
    private final LocalCors cors;
    private final LocalFiles files = new LocalFiles();

    private record Bound(CfnTemplate.Route route, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {}

    private LocalApi(ServerSocket socket, List<Bound> bound, TokenVerifier verifier, Consumer<String> log, LocalCors cors) {
        this.socket = socket;
        // A thread per open connection. Platform threads, not virtual ones: on JDK 21 the SDK's
        // synchronized blocks would pin virtual threads to the few carrier threads.
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-api-connection");
            t.setDaemon(true);
            return t;
        });
        this.byKey = new HashMap<>();
        Bound fallback = null;
        for (Bound b : bound) {
            if (b.route().isDefault()) {
                fallback = b;
            } else {
                byKey.put(b.route().key(), b);
            }
        }
        this.fallback = fallback;
        this.routes = Routes.of(byKey.keySet());
        this.verifier = verifier;
        this.log = log;
        this.cors = cors;
    }

    /** On 127.0.0.1, logging nothing: as the tests use it. */
    public static LocalApi start(App app, int port) throws IOException {
        return start(app, "127.0.0.1", port, line -> {});
    }

    /** On {@code host}:{@code port} (0: any free port), with one line per request to {@code log}; CORS for pages on this machine. */
    public static LocalApi start(App app, String host, int port, Consumer<String> log) throws IOException {
        return start(app, host, port, log, LocalCors.LOCAL_ORIGINS);
    }

    /** As above, with CORS for these origins (the template's CorsAllowedOrigins; empty: none). */
    public static LocalApi start(App app, String host, int port, Consumer<String> log, List<String> corsOrigins) throws IOException {
        CfnTemplate template = CfnTemplate.read(Repo.template());
        List<Bound> bound = new ArrayList<>();
        for (CfnTemplate.Route route : template.routes()) {
            bound.add(new Bound(route, instantiate(route.handlerClass(), app)));
        }
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 128);
        LocalApi api = new LocalApi(socket, bound, app.tokenVerifier(), log, LocalCors.of(template, corsOrigins));
        Thread acceptor = new Thread(api::accept, "local-api");
        acceptor.setDaemon(true);
        acceptor.start();
        return api;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The URL on this machine (the loopback address when bound to all addresses). */
    public String url() {
        String host = socket.getInetAddress().isAnyLocalAddress() ? "127.0.0.1" : socket.getInetAddress().getHostAddress();
        return "http://" + host + ":" + port();
    }

    /**
     * Serves a file at {@code path}, or a folder under {@code path/}, beside the API (GET and HEAD;
     * before the routes). Local only, for ./dev up's {@code /docs} and {@code /app/}: no route of the template.
     */
    public void serveFiles(String path, java.nio.file.Path fileOrFolder) {
        files.mount(path, fileOrFolder);
    }

    /** The origins this API allows by CORS (empty: none). */
    public List<String> corsOrigins() {
        return cors.origins();
    }

    /** Every route of the template, the {@code $default} route included. */
    public List<CfnTemplate.Route> routes() {
        List<CfnTemplate.Route> all = new ArrayList<>(byKey.values().stream().map(Bound::route).toList());
        if (fallback != null) {
            all.add(fallback.route());
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> instantiate(String className, App app) {
        try {
            // As Lambda does with the template's Handler, but through the constructor that takes the
            // App when there is one (a function that needs no AWS resource has none).
            Class<?> type = Class.forName(className);
            try {
                return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) type.getConstructor(App.class).newInstance(app);
            } catch (NoSuchMethodException noAppConstructor) {
                return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) type.getConstructor().newInstance();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("template.yaml names handler " + className + " that cannot be built", e);
        }
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.submit(() -> serve(connection));
            } catch (IOException | java.util.concurrent.RejectedExecutionException closed) {
                return;
            }
        }
    }

    /** One connection: requests in turn while the client keeps it open; a malformed one ends it. */
    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(120_000);
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = new BufferedOutputStream(connection.getOutputStream());
            while (true) {
                long started = System.nanoTime();
                Http1.Request request;
                try {
                    Optional<Http1.Request> next = Http1.read(in, out, MAX_PAYLOAD);
                    if (next.isEmpty()) {
                        return;
                    }
                    request = next.get();
                } catch (Http1.Refused refused) {
                    Answer answer = new Answer(refused.status, gatewayError(Http1.reason(refused.status), refusedCode(refused.status),
                            refused.getMessage()), Map.of());
                    Http1.write(out, answer.status(), withJsonType(answer), answer.body(), false, true);
                    log.accept(line("-", "(unreadable request)", answer, started));
                    return;
                }
                Answer answer = answer(request, connection.getInetAddress().getHostAddress());
                boolean keepAlive = request.keepAlive();
                Http1.write(out, answer.status(), withJsonType(answer), answer.body(), "HEAD".equals(request.method()), !keepAlive);
                log.accept(line(request.method(), request.rawPath(), answer, started));
                if (!keepAlive) {
                    return;
                }
            }
        } catch (IOException gone) {
            // the client went away, or sat idle past the timeout
        }
    }

    private static String refusedCode(int status) {
        return switch (status) {
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 431 -> "HEADERS_TOO_LARGE";
            case 505 -> "HTTP_VERSION_NOT_SUPPORTED";
            default -> "BAD_REQUEST";
        };
    }

    private record Answer(int status, byte[] body, Map<String, String> headers) {}

    /** As API Gateway answers: a preflight by itself; any other answer with the CORS headers of the request's origin. */
    private Answer answer(Http1.Request request, String sourceIp) {
        Optional<String> origin = request.header("Origin");
        Optional<Map<String, String>> preflight = cors.preflight(request.method(), origin, request.header("Access-Control-Request-Method"));
        if (preflight.isPresent()) {
            return new Answer(204, new byte[0], preflight.get());
        }
        Optional<LocalFiles.File> file = files.serve(request.method(), request.rawPath());
        if (file.isPresent()) {
            return new Answer(file.get().status(), file.get().body(), file.get().headers());
        }
        Answer routed = routed(request, sourceIp);
        Map<String, String> added = cors.onAnswer(origin);
        if (cors.origins().isEmpty()) {
            return routed;
        }
        // With CORS configured the gateway ignores the function's own CORS headers and sets its own.
        Map<String, String> headers = new LinkedHashMap<>();
        routed.headers().forEach((name, value) -> {
            if (!name.toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                headers.put(name, value);
            }
        });
        headers.putAll(added);
        return new Answer(routed.status(), routed.body(), headers);
    }

    private Answer routed(Http1.Request request, String sourceIp) {
        String method = request.method().toUpperCase(Locale.ROOT);
        Optional<Routes.Match> match;
        try {
            match = routes.match(method, request.rawPath());
        } catch (IllegalArgumentException notAPath) {
            return new Answer(400, gatewayError("Bad Request", "BAD_REQUEST", notAPath.getMessage()), Map.of());
        }
        Bound bound = match.map(m -> byKey.get(m.routeKey())).orElse(fallback);
        if (bound == null) {
            return new Answer(404, gatewayError("Not Found", "NOT_FOUND", null), Map.of());
        }
        Map<String, String> claims = null;
        if (bound.route().authorized()) {
            Optional<String> authorization = request.header("Authorization");
            try {
                claims = authorize(authorization.orElse(null));
            } catch (Problem.Unauthenticated | Problem.Busy refused) {
                return new Answer(401, gatewayError("Unauthorized", "UNAUTHORIZED", null),
                        Map.of("WWW-Authenticate", authorization.isEmpty() ? "Bearer" : "Bearer error=\"invalid_token\""));
            }
        }
        APIGatewayV2HTTPEvent event = event(request, bound.route(), match.map(Routes.Match::pathParameters).orElse(Map.of()),
                sourceIp, claims);
        APIGatewayV2HTTPResponse response;
        try {
            response = bound.handler().handleRequest(event, null);
        } catch (RuntimeException | Error crash) {
            return new Answer(500, gatewayError("Internal Server Error", "INTERNAL_ERROR", null), Map.of());
        }
        byte[] out = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        return new Answer(response.getStatusCode(), out, response.getHeaders() == null ? Map.of() : response.getHeaders());
    }

    /** {@code POST /api/appointments/ 308 3ms}, with the error code when the body names one. */
    private static String line(String method, String path, Answer answer, long started) {
        long ms = (System.nanoTime() - started) / 1_000_000;
        String code = "";
        if (answer.status() >= 400 && answer.body().length > 0) {
            try {
                if (Json.parse(new String(answer.body(), StandardCharsets.UTF_8)) instanceof Map<?, ?> body && body.get("code") != null) {
                    code = " " + body.get("code");
                }
            } catch (RuntimeException notJson) {
                // a body without a code: the line says status and time only
            }
        }
        return method + " " + path + " " + answer.status() + " " + ms + "ms" + code;
    }

    private static Map<String, String> withJsonType(Answer answer) {
        boolean typed = answer.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
        if (answer.body().length == 0 || typed) {
            return answer.headers();
        }
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.put("Content-Type", "application/json");
        return headers;
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

    private static APIGatewayV2HTTPEvent event(Http1.Request request, CfnTemplate.Route route, Map<String, String> pathParameters,
                                              String sourceIp, Map<String, String> claims) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + "," + b));
        // The gateway sets the scheme the client used, whatever the client sent; here it is plain HTTP.
        headers.put("x-forwarded-proto", "http");
        String rawQuery = request.rawQuery();
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
        byte[] body = request.body();
        String text = utf8(body);
        boolean base64 = text == null;
        String routeKey = route.key();
        String method = request.method().toUpperCase(Locale.ROOT);
        Instant now = Instant.now();
        RequestContext.Authorizer authorizer = claims == null ? null : RequestContext.Authorizer.builder()
                .withJwt(RequestContext.Authorizer.JWT.builder().withClaims(claims).withScopes(null).build()).build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(request.rawPath())
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withBody(body.length == 0 ? null : base64 ? Base64.getEncoder().encodeToString(body) : text)
                .withIsBase64Encoded(body.length > 0 && base64)
                .withRequestContext(RequestContext.builder()
                        .withRouteKey(routeKey).withAccountId("000000000000").withApiId("local").withStage("$default")
                        .withDomainName(headers.getOrDefault("host", "127.0.0.1")).withDomainPrefix("local")
                        .withRequestId(UUID.randomUUID().toString())
                        .withTime(now.toString()).withTimeEpoch(now.toEpochMilli())
                        .withHttp(RequestContext.Http.builder().withMethod(method).withPath(request.rawPath())
                                .withProtocol(request.version())
                                .withSourceIp(sourceIp)
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

    /**
     * API Gateway's own answers carry {@code message}; the contract's {@code error} and {@code code}
     * are added, and what was wrong with a malformed request when there is something to say.
     */
    private static byte[] gatewayError(String message, String code, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("error", detail == null ? message : message + ": " + detail);
        body.put("code", code);
        return Json.write(body).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
        connections.shutdownNow();
    }
}
