package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.CfnTemplate;
import clinic.infra.CfnTemplate.Intrinsic;
import clinic.infra.Repo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The alarms of template.yaml watch every function: each one's Lambda Errors and Throttles are in
 * exactly one alarm each, and no alarm reads more than the 10 metrics CloudWatch allows one.
 */
class AlarmsTemplateTest {
    private static final CfnTemplate TEMPLATE = CfnTemplate.read(Repo.template());

    @Test
    void everyFunctionsErrorsAndThrottlesAreWatchedByExactlyOneAlarmEach() {
        for (String metric : List.of("Errors", "Throttles")) {
            List<String> watched = new ArrayList<>();
            for (Map<String, Object> alarm : TEMPLATE.ofType("AWS::CloudWatch::Alarm")) {
                for (Map<String, Object> stat : metricStats(alarm)) {
                    Map<?, ?> watchedMetric = (Map<?, ?>) stat.get("Metric");
                    if ("AWS/Lambda".equals(watchedMetric.get("Namespace")) && metric.equals(watchedMetric.get("MetricName"))) {
                        for (Object dimension : (List<?>) watchedMetric.get("Dimensions")) {
                            if (((Map<?, ?>) dimension).get("Value") instanceof Intrinsic(String tag, Object function) && tag.equals("!Ref")) {
                                watched.add((String) function);
                            }
                        }
                    }
                }
            }
            assertThat(watched).as("functions whose Lambda " + metric + " an alarm watches")
                    .containsExactlyInAnyOrderElementsOf(TEMPLATE.functions().keySet());
        }
    }

    @Test
    void noAlarmReadsMoreThanTenMetrics() {
        for (Map<String, Object> alarm : TEMPLATE.ofType("AWS::CloudWatch::Alarm")) {
            assertThat(metricStats(alarm)).as(String.valueOf(alarm.get("AlarmName"))).hasSizeLessThanOrEqualTo(10);
            assertThat(alarm.get("AlarmActions")).as("an alarm notifies the topic").isNotNull();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> metricStats(Map<String, Object> alarm) {
        List<Map<String, Object>> stats = new ArrayList<>();
        for (Object query : (List<Object>) alarm.getOrDefault("Metrics", List.of())) {
            Object stat = ((Map<String, Object>) query).get("MetricStat");
            if (stat != null) {
                stats.add((Map<String, Object>) stat);
            }
        }
        return stats;
    }
}
