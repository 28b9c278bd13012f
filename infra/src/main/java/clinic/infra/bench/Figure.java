package clinic.infra.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured figure of the report: its value, the floor it is compared with (measured in the
 * same run), their ratio, how many samples it rests on, and the target it is held to.
 */
public record Figure(String section, String name, double value, String unit, Double floor, Double ratio, int samples,
                     String target, Boolean met) {

    public static Figure plain(String section, String name, double value, String unit, int samples) {
        return new Figure(section, name, value, unit, null, null, samples, null, null);
    }

    public static Figure against(String section, String name, double value, double floor, String unit, int samples,
                                 double maxRatio) {
        // Nothing where the floor has nothing (0/0) matches the floor: ratio 1, met. Something over
        // a floor of nothing has no ratio, and meets no ratio target.
        double ratio = floor == 0 ? (value == 0 ? 1 : Double.NaN) : value / floor;
        if (Double.isInfinite(maxRatio)) { // a comparison to read, not a target to meet
            return new Figure(section, name, value, unit, floor, ratio, samples, null, null);
        }
        return new Figure(section, name, value, unit, floor, ratio, samples, "ratio <= " + maxRatio, ratio <= maxRatio);
    }

    public static Figure atMost(String section, String name, double value, String unit, int samples, double max) {
        return new Figure(section, name, value, unit, null, null, samples, "<= " + fmt(max), value <= max);
    }

    public static Figure exactly(String section, String name, double value, String unit, int samples, double expected) {
        return new Figure(section, name, value, unit, null, null, samples, "= " + fmt(expected), value == expected);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("section", section);
        json.put("name", name);
        json.put("value", value);
        json.put("unit", unit);
        json.put("floor", floor);
        json.put("ratio", ratio);
        json.put("samples", samples);
        json.put("target", target);
        json.put("met", met);
        return json;
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? Long.toString((long) v) : String.format("%.3f", v);
    }
}
