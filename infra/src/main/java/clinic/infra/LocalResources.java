package clinic.infra;

import static clinic.infra.CfnTemplate.list;
import static clinic.infra.CfnTemplate.map;

import clinic.App;
import clinic.Config;
import clinic.domain.ClinicClock;
import clinic.events.PublishEvents;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordPolicyType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One copy of the deployed resources on an emulator: the table with its indexes, the user pool,
 * its app client and groups, each created from template.yaml's own properties. Tests make one per
 * class (unique names); {@code ./dev up} makes one and serves it.
 */
public final class LocalResources implements AutoCloseable {
    /** The local stack's sender of notification emails. */
    public static final String SENDER = "appointments@clinic.example";
    private final Config config;
    private final DynamoDbClient dynamo;
    private final CognitoIdentityProviderClient cognito;
    private final App app;
    private final LocalClock clock;
    private final LocalEvents events;
    private final EventBridgeClient eventBridge;
    private final SqsClient sqs;
    private final DynamoDbStreamsClient streams;
    private final SchedulerClient scheduler;
    private final SesV2Client ses;
    private final LocalFunctions functions;
    private final LocalBusRules busRules;
    private final LocalScheduler timers;

    /** The AWS clients of one local stack. */
    private record Clients(DynamoDbClient dynamo, CognitoIdentityProviderClient cognito, EventBridgeClient eventBridge,
                           SqsClient sqs, DynamoDbStreamsClient streams, SchedulerClient scheduler, SesV2Client ses) {}

    private LocalResources(String name, Config config, Clients clients, LocalClock clock, LocalEvents events, CfnTemplate template) {
        this.config = config;
        this.dynamo = clients.dynamo();
        this.cognito = clients.cognito();
        this.eventBridge = clients.eventBridge();
        this.sqs = clients.sqs();
        this.streams = clients.streams();
        this.scheduler = clients.scheduler();
        this.ses = clients.ses();
        this.clock = clock;
        this.events = events;
        this.app = new App(config, new ClinicClock(clock, config.clinicZone()), new App.Clients(
                () -> dynamo, () -> cognito, () -> eventBridge, () -> scheduler, () -> ses));
        this.functions = new LocalFunctions(name, template, app);
        this.busRules = LocalBusRules.provision(eventBridge, sqs, template, name, events.bus(), functions);
        this.timers = new LocalScheduler(scheduler, config.scheduleGroup(), clock, functions, template);
    }

    public static LocalResources provision(Emulator emulator, String name, ZoneId zone) {
        return provision(emulator, name, zone, List.of());
    }

    /** As above, with SDK interceptors on the clients the functions use: to record calls, or inject a fault. */
    public static LocalResources provision(Emulator emulator, String name, ZoneId zone, List<ExecutionInterceptor> interceptors) {
        return provision(emulator, name, zone, interceptors, Map.of());
    }

    /**
     * As above, with {@code settings}: environment variables the template sets from its parameters
     * (e.g. {@code MIN_NOTICE_MINUTES}), as a deployment with those parameters would give every function.
     */
    public static LocalResources provision(Emulator emulator, String name, ZoneId zone, List<ExecutionInterceptor> interceptors,
                                           Map<String, String> settings) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        Region region = Region.of(Emulator.REGION);
        DynamoDbClient dynamo = App.configure(DynamoDbClient.builder(), emulator.endpoint())
                .region(region).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.executionInterceptors(interceptors)).build();
        CognitoIdentityProviderClient cognito = App.configure(CognitoIdentityProviderClient.builder(), emulator.endpoint())
                .region(region).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.executionInterceptors(interceptors)).build();
        EventBridgeClient eventBridge = App.configure(EventBridgeClient.builder(), emulator.endpoint())
                .region(region).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.executionInterceptors(interceptors)).build();
        SchedulerClient scheduler = App.configure(SchedulerClient.builder(), emulator.endpoint())
                .region(region).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.executionInterceptors(interceptors)).build();
        SesV2Client ses = App.configure(SesV2Client.builder(), emulator.endpoint())
                .region(region).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.executionInterceptors(interceptors)).build();
        SqsClient sqs = App.configure(SqsClient.builder(), emulator.endpoint()).region(region).credentialsProvider(credentials).build();
        DynamoDbStreamsClient streams = App.configure(DynamoDbStreamsClient.builder(), emulator.endpoint())
                .region(region).credentialsProvider(credentials).build();
        CfnTemplate template = CfnTemplate.read(Repo.template());
        String table = createTable(dynamo, template.single("AWS::DynamoDB::Table"), name);
        LocalEvents events = LocalEvents.provision(eventBridge, sqs, template, name);
        String pool = createUserPool(cognito, template.single("AWS::Cognito::UserPool"), name);
        String client = createClient(cognito, template.single("AWS::Cognito::UserPoolClient"), pool, name);
        for (Map<String, Object> group : template.ofType("AWS::Cognito::UserPoolGroup")) {
            cognito.createGroup(r -> r.userPoolId(pool).groupName((String) group.get("GroupName"))
                    .description((String) group.get("Description")));
        }
        template.single("AWS::Scheduler::ScheduleGroup");
        String scheduleGroup = name + "-timers";
        scheduler.createScheduleGroup(r -> r.name(scheduleGroup));
        Map<String, String> env = new HashMap<>(functionArns(template, name));
        env.putAll(Map.of("AWS_REGION", Emulator.REGION, "TABLE_NAME", table,
                "USER_POOL_ID", pool, "USER_POOL_CLIENT_ID", client, "CLINIC_TIME_ZONE", zone.getId(),
                "AWS_ENDPOINT_URL", emulator.endpoint().toString(), "EVENT_BUS_NAME", events.bus(),
                "SCHEDULE_GROUP", scheduleGroup, "SCHEDULER_ROLE_ARN", "arn:aws:iam::123456789012:role/" + name + "-scheduler"));
        // The template's NotificationSender, verified as SES requires of a sender (moto refuses unverified ones).
        env.put("NOTIFICATION_SENDER", SENDER);
        env.putAll(settings);
        try {
            ses.createEmailIdentity(r -> r.emailIdentity(SENDER));
        } catch (AlreadyExistsException verified) {
            // an emulator that outlived an earlier stack: verified already
        }
        return new LocalResources(name, Config.from(env::get), new Clients(dynamo, cognito, eventBridge, sqs, streams, scheduler, ses),
                new LocalClock(zone), events, template);
    }

    /**
     * The template's environment variables that name a function's ARN ({@code !GetAtt F.Arn}, in
     * {@code Globals} or on a function), as the local stack's ARN of that function.
     */
    private static Map<String, String> functionArns(CfnTemplate template, String name) {
        Map<String, String> arns = new HashMap<>();
        Set<String> functions = template.handlers().keySet();
        List<Map<String, Object>> scopes = new ArrayList<>(template.functionProperties().values());
        scopes.add(template.functionGlobals());
        for (Map<String, Object> scope : scopes) {
            Object environment = scope.get("Environment");
            Object variables = environment == null ? null : map(environment).get("Variables");
            if (variables == null) {
                continue;
            }
            map(variables).forEach((variable, value) -> {
                if (value instanceof CfnTemplate.Intrinsic(String tag, Object target) && tag.equals("!GetAtt")
                        && target instanceof String text && text.endsWith(".Arn")) {
                    String function = text.substring(0, text.length() - ".Arn".length());
                    if (functions.contains(function)) {
                        arns.put(variable, LocalFunctions.arn(name, function));
                    }
                }
            });
        }
        return arns;
    }

    public App app() {
        return app;
    }

    public Config config() {
        return config;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public CognitoIdentityProviderClient cognito() {
        return cognito;
    }

    /** The local stack's clock, which a test can move; the functions and the scheduler read it. */
    public LocalClock clock() {
        return clock;
    }

    /** The functions subscribed to the bus by the template's rules, fed in-process. */
    public LocalBusRules busRules() {
        return busRules;
    }

    /** The one-time timers the functions set, fired in-process when the clock reaches them. */
    public LocalScheduler scheduler() {
        return timers;
    }

    /** The template's functions, invoked in-process by their logical id. */
    public LocalFunctions functions() {
        return functions;
    }

    public SesV2Client ses() {
        return ses;
    }

    /** The event bus and its local tap. */
    public LocalEvents events() {
        return events;
    }

    /** The publisher function fed from the table's stream, as the template's event source mapping would. */
    public LocalEventSource publisherSource() {
        CfnTemplate template = CfnTemplate.read(Repo.template());
        String streamArn = dynamo.describeTable(r -> r.tableName(config.tableName())).table().latestStreamArn();
        return new LocalEventSource(streams, streamArn, LocalEventSource.streamEventOf(template, "PublishEvents"),
                new PublishEvents(app));
    }

    private static String createTable(DynamoDbClient dynamo, Map<String, Object> props, String name) {
        String table = name + "-table";
        try {
            dynamo.createTable(tableLike(props, table)
                    .streamSpecification(s -> s.streamEnabled(true)
                            .streamViewType((String) map(props.get("StreamSpecification")).get("StreamViewType")))
                    .build());
        } catch (ResourceInUseException exists) {
            // an emulator that outlived an earlier run: reuse its table
        }
        return table;
    }

    /** A table named {@code table} with the template table's keys, indexes and billing mode (its {@code props}). */
    public static CreateTableRequest.Builder tableLike(Map<String, Object> props, String table) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Object a : list(props.get("AttributeDefinitions"))) {
            attributes.add(AttributeDefinition.builder().attributeName((String) map(a).get("AttributeName"))
                    .attributeType((String) map(a).get("AttributeType")).build());
        }
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Object i : list(props.get("GlobalSecondaryIndexes"))) {
            indexes.add(GlobalSecondaryIndex.builder().indexName((String) map(i).get("IndexName"))
                    .keySchema(keys(map(i).get("KeySchema")))
                    .projection(p -> p.projectionType((String) map(map(i).get("Projection")).get("ProjectionType")))
                    .build());
        }
        return CreateTableRequest.builder().tableName(table).attributeDefinitions(attributes)
                .keySchema(keys(props.get("KeySchema"))).globalSecondaryIndexes(indexes)
                .billingMode((String) props.get("BillingMode"));
    }

    private static List<KeySchemaElement> keys(Object schema) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Object k : list(schema)) {
            keys.add(KeySchemaElement.builder().attributeName((String) map(k).get("AttributeName"))
                    .keyType((String) map(k).get("KeyType")).build());
        }
        return keys;
    }

    private static String createUserPool(CognitoIdentityProviderClient cognito, Map<String, Object> props, String name) {
        Map<String, Object> policy = map(map(props.get("Policies")).get("PasswordPolicy"));
        return cognito.createUserPool(r -> r.poolName(name + "-users")
                .policies(p -> p.passwordPolicy(PasswordPolicyType.builder()
                        .minimumLength((Integer) policy.get("MinimumLength"))
                        .requireUppercase((Boolean) policy.get("RequireUppercase"))
                        .requireLowercase((Boolean) policy.get("RequireLowercase"))
                        .requireNumbers((Boolean) policy.get("RequireNumbers"))
                        .requireSymbols((Boolean) policy.get("RequireSymbols"))
                        .build()))
                .usernameConfiguration(u -> u.caseSensitive((Boolean) map(props.get("UsernameConfiguration")).get("CaseSensitive")))
                .autoVerifiedAttributesWithStrings(list(props.get("AutoVerifiedAttributes")).stream().map(String::valueOf).toList())
                .adminCreateUserConfig(a -> a.allowAdminCreateUserOnly(
                        (Boolean) map(props.get("AdminCreateUserConfig")).get("AllowAdminCreateUserOnly"))))
                .userPool().id();
    }

    private static String createClient(CognitoIdentityProviderClient cognito, Map<String, Object> props, String pool, String name) {
        return cognito.createUserPoolClient(r -> r.userPoolId(pool).clientName(name + "-app")
                        .generateSecret((Boolean) props.get("GenerateSecret"))
                        .explicitAuthFlowsWithStrings(list(props.get("ExplicitAuthFlows")).stream().map(String::valueOf).toList()))
                .userPoolClient().clientId();
    }

    /** Deletes the table and the user pool, so a long test run does not keep every class's data in the emulator. */
    public void delete() {
        busRules.delete();
        for (var pending : timers.pending()) {
            scheduler.deleteSchedule(r -> r.groupName(config.scheduleGroup()).name(pending.name()));
        }
        scheduler.deleteScheduleGroup(r -> r.name(config.scheduleGroup()));
        events.delete();
        dynamo.deleteTable(r -> r.tableName(config.tableName()));
        cognito.deleteUserPool(r -> r.userPoolId(config.userPoolId()));
    }

    @Override
    public void close() {
        dynamo.close();
        cognito.close();
        eventBridge.close();
        sqs.close();
        streams.close();
        scheduler.close();
        ses.close();
    }
}
