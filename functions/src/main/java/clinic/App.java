package clinic;

import clinic.appointments.AppointmentService;
import clinic.auth.TokenService;
import clinic.auth.TokenVerifier;
import clinic.availability.AvailabilityService;
import clinic.availability.WorkingHoursService;
import clinic.calendar.CalendarService;
import clinic.domain.ClinicClock;
import clinic.events.OutboxReconciler;
import clinic.events.Publisher;
import clinic.notify.Notifier;
import clinic.notify.PreferenceService;
import clinic.notify.Reminders;
import clinic.offers.OfferService;
import clinic.registration.RegistrationService;
import clinic.schedule.Timers;
import clinic.store.AppointmentStore;
import clinic.store.AvailabilityStore;
import clinic.store.CalendarFeedStore;
import clinic.store.NotificationStore;
import clinic.store.OfferStore;
import clinic.store.Outbox;
import clinic.store.PolicyStore;
import clinic.store.Table;
import clinic.store.TimeSlotStore;
import clinic.store.UserStore;
import clinic.store.WaitlistStore;
import clinic.store.WorkingHoursStore;
import clinic.timeslots.TimeSlotService;
import clinic.waitlist.WaitlistService;
import java.net.URI;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The wiring of the service, built once per Lambda container (or once per local stack): the
 * configuration, the clock and the AWS clients, each client made only when a function first needs
 * it. Handlers ask it for the one service they call.
 */
public final class App {
    private static final Object LOCK = new Object();
    private static volatile App fromEnvironment;

    private final Config config;
    private final ClinicClock clock;
    private final Supplier<DynamoDbClient> dynamo;
    private final Supplier<CognitoIdentityProviderClient> cognito;
    private final Supplier<EventBridgeClient> eventBridge;
    private final Supplier<SchedulerClient> scheduler;
    private final Supplier<SesV2Client> ses;
    private final Supplier<TokenVerifier> verifier;

    /** How to make each AWS client the functions use; each is made at most once, when first needed. */
    public record Clients(Supplier<DynamoDbClient> dynamo, Supplier<CognitoIdentityProviderClient> cognito,
                          Supplier<EventBridgeClient> eventBridge, Supplier<SchedulerClient> scheduler,
                          Supplier<SesV2Client> ses) {}

    public App(Config config, ClinicClock clock, Clients clients) {
        this.config = config;
        this.clock = clock;
        this.dynamo = once(clients.dynamo());
        this.cognito = once(clients.cognito());
        this.eventBridge = once(clients.eventBridge());
        this.scheduler = once(clients.scheduler());
        this.ses = once(clients.ses());
        this.verifier = once(() -> TokenVerifier.forPool(config));
    }

    /** The container's App, from the environment the template sets. */
    public static App fromEnvironment() {
        App app = fromEnvironment;
        if (app == null) {
            synchronized (LOCK) {
                app = fromEnvironment;
                if (app == null) {
                    app = from(Config.from(System::getenv));
                    fromEnvironment = app;
                }
            }
        }
        return app;
    }

    /**
     * An App with the system clock and clients made from the environment's credentials, each when
     * first needed. A function's jar holds only the SDK services it calls (docs/decisions.md), so
     * nothing here may load a service's classes before a function asks for that client: each
     * supplier's lambda is typed by {@code SdkClient}, since linking a lambda typed by a service's
     * client would load that client's class (DeployedJarsTest builds every function from its jar).
     */
    public static App from(Config config) {
        URI endpoint = endpoint(config.env().apply("AWS_ENDPOINT_URL"));
        AwsCredentialsProvider credentials = EnvironmentVariableCredentialsProvider.create();
        Region region = Region.of(config.region());
        return new App(config, ClinicClock.system(config.clinicZone()), new Clients(
                made(() -> configure(DynamoDbClient.builder(), endpoint).region(region).credentialsProvider(credentials).build()),
                made(() -> configure(CognitoIdentityProviderClient.builder(), endpoint).region(region).credentialsProvider(credentials).build()),
                made(() -> configure(EventBridgeClient.builder(), endpoint).region(region).credentialsProvider(credentials).build()),
                made(() -> configure(SchedulerClient.builder(), endpoint).region(region).credentialsProvider(credentials).build()),
                made(() -> configure(SesV2Client.builder(), endpoint).region(region).credentialsProvider(credentials).build())));
    }

    /** A supplier of the client {@code make} builds, whose own type names no service (see {@link #from}). */
    @SuppressWarnings("unchecked")
    private static <C extends SdkClient> Supplier<C> made(Supplier<? extends SdkClient> make) {
        return () -> (C) make.get();
    }

    /** The url-connection HTTP client, and the emulator's address when one is named. */
    public static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
            & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    private static URI endpoint(String value) {
        return value == null || value.isBlank() ? null : URI.create(value);
    }

    public Config config() {
        return config;
    }

    public ClinicClock clock() {
        return clock;
    }

    public DynamoDbClient dynamo() {
        return dynamo.get();
    }

    public SchedulerClient scheduler() {
        return scheduler.get();
    }

    public SesV2Client ses() {
        return ses.get();
    }

    /** One-time timers (EventBridge Scheduler) in the template's schedule group. */
    public Timers timers() {
        return new Timers(scheduler.get(), config.scheduleGroup(), config.schedulerRoleArn(), clock);
    }

    public Table table() {
        return new Table(dynamo.get(), config.tableName());
    }

    public TokenService tokens() {
        return new TokenService(cognito.get(), config.userPoolClientId());
    }

    public TokenVerifier tokenVerifier() {
        return verifier.get();
    }

    public RegistrationService registration() {
        return new RegistrationService(cognito.get(), config.userPoolId(), new UserStore(table()));
    }

    /** The accounts' store, for the operator's {@code ./dev reindex} (issue 20's upgrade). */
    public UserStore users() {
        return new UserStore(table());
    }

    /** Staff's patient search (issue 20). */
    public clinic.patients.PatientService patients() {
        return new clinic.patients.PatientService(new UserStore(table()));
    }

    public TimeSlotService timeSlots() {
        return new TimeSlotService(new TimeSlotStore(table()));
    }

    public AvailabilityService availabilities() {
        Table table = table();
        return new AvailabilityService(new AvailabilityStore(table), new TimeSlotStore(table), new UserStore(table), clock,
                offers(), new PolicyStore(table), config.clinicPolicy(), new WorkingHoursStore(table),
                new clinic.store.DirectoryStore(table));
    }

    /** Doctors' weekly patterns and the availabilities they keep for {@code WORKING_HOURS_WEEKS} (issue 19). */
    public WorkingHoursService workingHours() {
        Table table = table();
        return new WorkingHoursService(new WorkingHoursStore(table), availabilities(), new AvailabilityStore(table),
                new TimeSlotStore(table), new UserStore(table), clock,
                config.positive("WORKING_HOURS_WEEKS", WorkingHoursService.DEFAULT_HORIZON_WEEKS), new AppointmentStore(table));
    }

    /** Publishes the outbox's events onto the bus, marking each published. */
    public Publisher publisher() {
        return new Publisher(eventBridge.get(), config.requireEventBus(), new Outbox(table()), clock);
    }

    /** Publishes again what the outbox holds unpublished (the RepublishOutbox function, ./dev republish). */
    public OutboxReconciler outboxReconciler() {
        return new OutboxReconciler(new Outbox(table()), publisher(), clock,
                java.time.Duration.ofMinutes(config.positive("OUTBOX_REPUBLISH_MINUTES", OutboxReconciler.DEFAULT_MINUTES)));
    }

    public CalendarService calendars() {
        Table table = table();
        return new CalendarService(new AppointmentStore(table), new CalendarFeedStore(table), clock);
    }

    public AppointmentService appointments() {
        return new AppointmentService(new AppointmentStore(table()), clock, config.maxUpcomingBookings(), offers(),
                config.clinicPolicy(), config.noShowLimit());
    }

    /** Doctors' booking policies (GET/PUT /api/doctors/{id}/policy), under the clinic's. */
    public clinic.policy.PolicyService policies() {
        return new clinic.policy.PolicyService(new PolicyStore(table()), config.clinicPolicy());
    }

    /** The doctors' directory (issue 20): the clinic's specialties, doctors' profiles, the list of doctors. */
    public clinic.directory.DirectoryService directory() {
        return new clinic.directory.DirectoryService(new clinic.store.DirectoryStore(table()));
    }

    /** Each user's notification preferences (GET/PUT /api/me/notifications). */
    public PreferenceService preferences() {
        return new PreferenceService(new NotificationStore(table()));
    }

    /** Emails about booking events and reminders (the Notify function). */
    public Notifier notifier() {
        Table table = table();
        return new Notifier(new UserStore(table), new NotificationStore(table), new AppointmentStore(table), ses(),
                config.require("NOTIFICATION_SENDER"), clock);
    }

    /** Each booked appointment's reminder timer, invoking the Remind function. */
    public Reminders reminders() {
        return new Reminders(new AppointmentStore(table()), timers(), config.require("REMIND_FUNCTION_ARN"), clock);
    }

    public WaitlistService waitlist() {
        return new WaitlistService(new WaitlistStore(table()), new UserStore(table()), clock, config.maxWaitlistEntries(),
                offers());
    }

    /** Offers of opened slots to waiters: made by cancel, reschedule, reopen and declare; accepted, declined, expired. */
    public OfferService offers() {
        Table table = table();
        return new OfferService(new OfferStore(table), new WaitlistStore(table), new AvailabilityStore(table), clock,
                config.positive("OFFER_MINUTES", clinic.domain.Waitlist.DEFAULT_OFFER_MINUTES));
    }

    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T result = value;
                if (result == null) {
                    synchronized (this) {
                        result = value;
                        if (result == null) {
                            result = supplier.get();
                            value = result;
                        }
                    }
                }
                return result;
            }
        };
    }
}
