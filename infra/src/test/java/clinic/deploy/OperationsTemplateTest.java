package clinic.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.http.Json;
import clinic.infra.CfnTemplate;
import clinic.infra.CfnTemplate.Intrinsic;
import clinic.infra.CfnTemplate.Route;
import clinic.infra.Repo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operational settings of template.yaml that docs/operations.md promises and no emulator
 * exercises: route throttling (registration harder, on routes that exist), the alarms on the
 * API's 5xx rate and the table's throttles and system errors, all to one topic with an optional
 * email, JSON access logs, CORS only when origins are given, JSON function logs and X-Ray off.
 */
class OperationsTemplateTest {
    private static final CfnTemplate TEMPLATE = CfnTemplate.read(Repo.template());
    private static final Map<String, Object> API = TEMPLATE.resource("HttpApi");

    @Test
    void everyRouteIsThrottledByParametersAndRegistrationHarderOnRoutesThatExist() {
        Map<String, Object> defaults = map(props(API).get("DefaultRouteSettings"));
        assertThat(defaults.get("ThrottlingRateLimit")).isEqualTo(ref("ThrottleRateLimit"));
        assertThat(defaults.get("ThrottlingBurstLimit")).isEqualTo(ref("ThrottleBurstLimit"));

        Map<String, Object> perRoute = map(props(API).get("RouteSettings"));
        List<String> routes = TEMPLATE.routes().stream().map(Route::key).toList();
        assertThat(perRoute.keySet()).as("throttled routes are routes of the API").allMatch(routes::contains)
                .contains("POST /api/register_patient", "POST /api/register_doctor");
        for (Object settings : perRoute.values()) {
            assertThat(map(settings).get("ThrottlingRateLimit")).isEqualTo(ref("RegistrationThrottleRateLimit"));
            assertThat(map(settings).get("ThrottlingBurstLimit")).isEqualTo(ref("RegistrationThrottleBurstLimit"));
        }
        assertThat(number("RegistrationThrottleRateLimit")).isLessThan(number("ThrottleRateLimit"));
        assertThat(number("RegistrationThrottleBurstLimit")).isLessThan(number("ThrottleBurstLimit"));
    }

    @Test
    void theApisServerErrorsAndTheTablesThrottlesAndSystemErrorsAreAlarmed() {
        List<String> watched = new ArrayList<>();
        for (Map<String, Object> alarm : TEMPLATE.ofType("AWS::CloudWatch::Alarm")) {
            if (alarm.get("MetricName") != null) {
                watched.add(alarm.get("Namespace") + " " + alarm.get("MetricName"));
            }
            for (Object query : (List<?>) alarm.getOrDefault("Metrics", List.of())) {
                if (((Map<?, ?>) query).get("MetricStat") instanceof Map<?, ?> stat && stat.get("Metric") instanceof Map<?, ?> metric) {
                    watched.add(metric.get("Namespace") + " " + metric.get("MetricName"));
                }
            }
            assertThat(alarm.get("AlarmActions")).as("%s notifies the alarm topic", alarm.get("AlarmName"))
                    .isEqualTo(List.of(ref("AlarmTopic")));
        }
        assertThat(watched).contains("AWS/ApiGateway 5xx", "AWS/ApiGateway Count",
                "AWS/DynamoDB ThrottledRequests", "AWS/DynamoDB SystemErrors");
    }

    @Test
    void theAlarmTopicMailsTheAlarmEmailOnlyWhenOneIsGiven() {
        Map<String, Object> subscription = TEMPLATE.resource("AlarmEmailSubscription");
        assertThat(subscription.get("Condition")).isEqualTo("HasAlarmEmail");
        assertThat(props(subscription)).containsEntry("Protocol", "email").containsEntry("Endpoint", ref("AlarmEmail"))
                .containsEntry("TopicArn", ref("AlarmTopic"));
        assertThat(TEMPLATE.parameter("AlarmEmail")).containsEntry("Default", "");
    }

    @Test
    void theApiWritesOneJsonAccessLogLinePerRequestToItsLogGroup() {
        Map<String, Object> settings = map(props(API).get("AccessLogSettings"));
        assertThat(settings.get("DestinationArn")).isEqualTo(new Intrinsic("!GetAtt", "HttpApiAccessLogs.Arn"));
        assertThat(TEMPLATE.resource("HttpApiAccessLogs").get("Type")).isEqualTo("AWS::Logs::LogGroup");
        Object line = Json.parse(((String) settings.get("Format")).replaceAll("\\$context\\.[A-Za-z.]+", "x"));
        assertThat(map(line)).containsKeys("requestId", "routeKey", "status", "latencyMs");
    }

    @Test
    void corsAllowsOnlyTheOriginsGivenAndNoneByDefault() {
        Intrinsic cors = (Intrinsic) props(API).get("CorsConfiguration");
        assertThat(cors.tag()).isEqualTo("!If");
        List<?> branches = (List<?>) cors.value();
        assertThat(branches.get(0)).isEqualTo("HasCorsOrigins");
        assertThat(map(branches.get(1))).containsEntry("AllowOrigins", ref("CorsAllowedOrigins"));
        assertThat(branches.get(2)).isEqualTo(ref("AWS::NoValue"));
        assertThat(TEMPLATE.parameter("CorsAllowedOrigins")).containsEntry("Default", "");
    }

    @Test
    void functionsLogJsonThatLambdaFiltersByLevelAndTraceNothing() {
        Map<String, Object> logging = map(TEMPLATE.functionGlobals().get("LoggingConfig"));
        assertThat(logging).containsEntry("LogFormat", "JSON").containsKey("ApplicationLogLevel");
        // X-Ray off, by choice (docs/decisions.md): PassThrough makes no traces of its own.
        assertThat(TEMPLATE.functionGlobals()).containsEntry("Tracing", "PassThrough");
        TEMPLATE.functionProperties().forEach((function, properties) ->
                assertThat(properties).as(function + " keeps the global tracing").doesNotContainKey("Tracing"));
    }

    private static Map<String, Object> props(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Intrinsic ref(String name) {
        return new Intrinsic("!Ref", name);
    }

    private static int number(String parameter) {
        return ((Number) TEMPLATE.parameter(parameter).get("Default")).intValue();
    }
}
