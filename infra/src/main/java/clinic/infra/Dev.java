package clinic.infra;

import clinic.App;
import clinic.domain.NewAccount;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.timeslots.PopulateTimeSlots;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** The commands behind {@code ./dev}. */
public final class Dev {
    private Dev() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "up" -> up();
            case "populate" -> System.out.println(clinic.http.Json.write(new PopulateTimeSlots().handleRequest(java.util.Map.of(), null)));
            case "audit" -> System.exit(Audit.run(App.fromEnvironment().dynamo(), env("TABLE_NAME", null),
                    ZoneId.of(env("CLINIC_TIME_ZONE", "UTC")), System.out));
            case "events" -> LocalEventsTail.follow(System.out);
            case "mail" -> LocalMail.list(System.out);
            case "republish" -> System.exit(republish(rest));
            case "reindex" -> reindex();
            default -> {
                System.err.println("usage: ./dev up | test | populate | audit | events | mail | republish --since <instant> | reindex | bench | soak");
                System.exit(command.equals("help") ? 0 : 2);
            }
        }
    }

    /** Starts the emulator, the resources of template.yaml and the local API; runs until Ctrl-C or SIGTERM. */
    private static void up() throws Exception {
        int port = Integer.parseInt(env("PORT", "3000"));
        String host = env("HOST", "127.0.0.1");
        String username = env("DEV_ADMIN_USERNAME", "admin");
        String password = env("DEV_ADMIN_PASSWORD", "Admin-pass-1");
        ZoneId zone = ZoneId.of(env("CLINIC_TIME_ZONE", "UTC"));

        Emulator emulator = Emulator.resolve(host);
        System.out.println("AWS emulator: " + emulator.description());
        // The clinic's booking policy, as the template's parameters would set it (empty: no rule).
        Map<String, String> settings = new java.util.HashMap<>();
        for (String name : List.of("MIN_NOTICE_MINUTES", "BOOKING_HORIZON_DAYS", "CANCEL_CUTOFF_HOURS", "NO_SHOW_LIMIT")) {
            settings.put(name, env(name, ""));
        }
        LocalResources stack = LocalResources.provision(emulator, "clinic-local", zone, List.of(), settings);
        App app = stack.app();
        int added = app.timeSlots().populate().size();
        try {
            app.registration().register(Role.ADMIN, new NewAccount(username, username + "@clinic.local", password, "Clinic admin"));
        } catch (Problem.Conflict exists) {
            System.out.println("Admin " + username + " already exists; keeping its password.");
        }
        // One line per request (method, path, status, time, error code): never a body or a token.
        LocalApi api;
        try {
            // CORS as the template's CorsAllowedOrigins would set it: CORS_ALLOWED_ORIGINS, else pages on this machine.
            api = LocalApi.start(app, host, port, line -> System.out.println("[api] " + line),
                    System.getenv("CORS_ALLOWED_ORIGINS") == null ? LocalCors.LOCAL_ORIGINS : LocalCors.parse(System.getenv("CORS_ALLOWED_ORIGINS")));
        } catch (java.net.BindException busy) {
            System.err.println("Port " + port + " is in use. Stop what holds it, or pick another: PORT=3100 ./dev up");
            stack.close();
            emulator.close();
            System.exit(1);
            return;
        }
        // Beside the API, local only: the API reference (built by ./dev up) and the reference web client.
        api.serveFiles("/docs", Repo.root().resolve("target/api-docs/index.html"));
        api.serveFiles("/app", Repo.root().resolve("examples/web"));
        // The template's event source mapping, in-process: the stream's outbox items to the publisher.
        AutoCloseable publishing = stack.publisherSource().runEvery(200,
                fault -> System.err.println("Publishing events failed, will retry: " + fault.getClass().getSimpleName() + ": " + fault.getMessage()));
        // The bus's rules and Scheduler's timers, in-process: subscribed functions get their events,
        // and a timer fires its function once the clock reaches it.
        AutoCloseable subscribers = stack.busRules().runEvery(1000,
                fault -> System.err.println("A subscriber failed, its event will be retried: " + fault.getClass().getSimpleName() + ": " + fault.getMessage()));
        AutoCloseable timers = stack.scheduler().runEvery(1000,
                fault -> System.err.println("A timer's function failed: " + fault.getClass().getSimpleName() + ": " + fault.getMessage()));
        LocalEventsTail.remember(emulator, stack.events());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable loop : List.of(publishing, subscribers, timers)) {
                try {
                    loop.close();
                } catch (Exception e) {
                    System.err.println("Could not stop a local loop: " + e.getMessage());
                }
            }
            LocalEventsTail.forget();
            api.close();
            stack.close();
            try {
                emulator.close();
            } catch (Exception e) {
                System.err.println("Could not stop the emulator: " + e.getMessage());
            }
            stopped.countDown();
        }, "dev-up-shutdown"));

        System.out.printf("""

                Clinic API (local) on %s
                  table %s, user pool %s, app client %s, time zone %s
                  time slots added: %d
                  admin: %s / %s   (set DEV_ADMIN_USERNAME / DEV_ADMIN_PASSWORD to change)
                  Cognito endpoint for mobile clients: %s/%s
                  API reference: %s/docs   web client: %s/app/   (CORS: %s)

                  curl -s %s/api/api/token_obtain -H 'Content-Type: application/json' -d '{"username":"%s","password":"%s"}'

                  booking events: published onto bus %s as they commit; ./dev events shows them
                  emails (booking, reschedule, cancel, reminders) go to the emulator's SES; ./dev mail lists them

                Each request is logged below: method, path, status, time and the error code, if any.
                Ctrl-C stops the API and the emulator (and with it every table, user and token of this run).
                %n""", api.url(), stack.config().tableName(), stack.config().userPoolId(),
                stack.config().userPoolClientId(), zone, added, username, password, emulator.endpoint(),
                otherAddresses(host, api.port(), emulator.endpoint().getPort()), api.url(), api.url(),
                api.corsOrigins().isEmpty() ? "off" : String.join(", ", api.corsOrigins()), api.url(), username, password,
                stack.events().bus());
        stopped.await();
    }

    /**
     * {@code ./dev republish --since <ISO instant>}: publishes the outbox events of TABLE_NAME that
     * no publisher put on the bus (EVENT_BUS_NAME) and that occurred since then, as the scheduled
     * reconciler does for older ones; prints how many. Exit 2 on a bad argument, 1 if the bus refused one.
     */
    private static int republish(String[] args) {
        if (args.length != 2 || !args[0].equals("--since")) {
            System.err.println("usage: ./dev republish --since <ISO instant, e.g. 2030-01-15T09:00:00Z>   (TABLE_NAME, EVENT_BUS_NAME)");
            return 2;
        }
        java.time.Instant since;
        try {
            since = java.time.Instant.parse(args[1]);
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            System.err.println("--since: not an ISO-8601 instant: " + args[1] + " (e.g. 2030-01-15T09:00:00Z)");
            return 2;
        }
        App app;
        try {
            // Republishing reads the table and writes the bus only: the user pool's settings may be absent.
            app = App.from(clinic.Config.from(name -> name.startsWith("USER_POOL") && System.getenv(name) == null
                    ? "not-used-by-republish" : System.getenv(name)));
            app.config().requireEventBus();
        } catch (IllegalStateException missing) {
            System.err.println(missing.getMessage() + " (./dev republish needs TABLE_NAME and EVENT_BUS_NAME)");
            return 2;
        }
        try {
            int published = app.outboxReconciler().republish(since, app.clock().now());
            System.out.println("Published " + published + " outbox event(s) that occurred since " + since + " and were not published.");
            return 0;
        } catch (clinic.events.OutboxReconciler.NotPublished refused) {
            System.err.println(refused.getMessage());
            return 1;
        }
    }

    /**
     * {@code ./dev reindex}: once, after deploying issue 20 over a table with accounts: doctors made
     * before the directory enter it under their account name, patients made before the name search
     * get its entries (TABLE_NAME; idempotent, a saved directory profile is never touched).
     */
    private static void reindex() {
        // Reindexing reads and writes the table only: the user pool's settings may be absent.
        App app = App.from(clinic.Config.from(name -> name.startsWith("USER_POOL") && System.getenv(name) == null
                ? "not-used-by-reindex" : System.getenv(name)));
        int added = reindexTable(app);
        System.out.println("Reindexed " + added + " account(s): doctors entered in the directory, patients in the name search.");
    }

    /** An operator's one-off over the whole table (a Scan, as ./dev audit): the store only adds what each profile lacks. */
    public static int reindexTable(App app) {
        return app.users().reindex(app.dynamo().scanPaginator(r -> r.tableName(app.config().tableName()).consistentRead(true)).items());
    }

    /** With HOST=0.0.0.0, the addresses a phone or an emulator on the network can use. */
    private static String otherAddresses(String host, int apiPort, int cognitoPort) throws SocketException {
        if (!host.equals("0.0.0.0")) {
            return "";
        }
        StringBuilder lines = new StringBuilder();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    lines.append(String.format("%n  from other devices: API http://%s:%d, Cognito http://%s:%d/",
                            address.getHostAddress(), apiPort, address.getHostAddress(), cognitoPort));
                }
            }
        }
        return lines.toString();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw new IllegalStateException("Set " + name);
            }
            return fallback;
        }
        return value;
    }
}
