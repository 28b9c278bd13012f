package clinic.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.domain.Problem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsEveryJsonTypeIntoPlainJava() {
        Object value = Json.parse("{\"s\":\"x\",\"i\":7,\"l\":10000000000,\"d\":1.5,\"e\":1e3,\"b\":true,\"n\":null,\"a\":[1,\"two\"],"
                + "\"big\":123456789012345678901234567890}");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "x");
        expected.put("i", 7);
        expected.put("l", 10_000_000_000L);
        expected.put("d", 1.5);
        expected.put("e", 1000.0);
        expected.put("b", true);
        expected.put("n", null);
        expected.put("a", List.of(1, "two"));
        expected.put("big", new BigInteger("123456789012345678901234567890"));
        assertThat(value).isEqualTo(expected);
    }

    @Test
    void refusesBrokenJsonAndDuplicateKeys() {
        for (String text : List.of("{", "[1,", "{\"a\":}", "{'a':1}", "tru", "{\"a\":1,\"a\":2}", "{\"u\":{\"a\":1,\"a\":1}}",
                "\"\\u12\"", "", "   ", "NaN", "{\"a\":1,}", "[01]", "/* c */ {}")) {
            assertThatThrownBy(() -> Json.read(text)).as(text).isInstanceOf(Problem.Malformed.class);
        }
    }

    @Test
    void refusesAnythingAfterTheFirstValue() {
        for (String text : List.of("{\"date\":\"2030-01-01\"} {\"doctor\":\"x\"} ]]]", "{} {}", "{}x", "[1] 2", "1 2", "{}}", "null null",
                "\"a\" \"b\"")) {
            assertThatThrownBy(() -> Json.read(text)).as(text).isInstanceOf(Problem.Malformed.class);
        }
        assertThat(Json.read(" {\"a\":1} \n\t").get("a").intValue()).as("white space around the value is fine").isEqualTo(1);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.read(deepest).isArray()).isTrue();
        String tooDeep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Json.read(tooDeep)).isInstanceOf(Problem.Malformed.class);
        String deepObjects = "{\"a\":".repeat(Json.MAX_DEPTH + 1) + "1" + "}".repeat(Json.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Json.read(deepObjects)).isInstanceOf(Problem.Malformed.class);
        String thousands = "[".repeat(100_000);
        assertThatThrownBy(() -> Json.read(thousands)).isInstanceOf(Problem.Malformed.class);
    }

    @Test
    void writesEscapedStringsAndKeepsMapOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", "quote \" backslash \\ newline \n tab \t bell \u0007 sep \u2028 para \u2029 é");
        map.put("a", Arrays.asList(1, 2.5, false, null));
        assertThat(Json.write(map)).isEqualTo(
                "{\"z\":\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 sep \\u2028 para \\u2029 é\",\"a\":[1,2.5,false,null]}");
    }

    record Sample(String patientName, int timeSlot, boolean isAvailable) {}

    @Test
    void writesRecordsWithSnakeCaseNamesInComponentOrder() {
        assertThat(Json.write(new Sample("Pat", 3, true))).isEqualTo("{\"patient_name\":\"Pat\",\"time_slot\":3,\"is_available\":true}");
    }

    @Test
    void aRecordBecomesThePlainMapItIsWrittenAs() {
        assertThat(Json.plain(List.of(new Sample("Pat", 3, true))))
                .isEqualTo(List.of(Map.of("patient_name", "Pat", "time_slot", 3, "is_available", true)));
    }

    @Property(tries = 300)
    void whatIsWrittenReadsBackTheSame(@ForAll("values") Object value) {
        assertThat(Json.parse(Json.write(value))).isEqualTo(value);
    }

    /** Records as views are: nested records, lists and maps of them, nulls, numbers, and one the walker leaves to the mapper. */
    record Holder(Object value, Sample sample, List<Sample> samples, Nested nested, long count, Double share, Boolean flag) {}

    record Nested(String aName, Map<String, Object> extra, List<Object> items) {}

    /** Annotated: the mapper's own form (here, no nulls), never the walker's. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Annotated(String kept, String dropped) {}

    /** A getter of its own: the mapper writes it as a property too, so the walker leaves it alone. */
    record WithGetter(String name) {
        public String getLabel() {
            return "label " + name;
        }
    }

    /** An annotation on an accessor written out by hand, on a constructor's parameter, on another method; an interface's getter. */
    record RenamedByAccessor(String a) {
        @com.fasterxml.jackson.annotation.JsonProperty("x")
        public String a() {
            return a;
        }
    }

    record RenamedByConstructor(String a) {
        public RenamedByConstructor(@com.fasterxml.jackson.annotation.JsonProperty("zz") String a) {
            this.a = a;
        }
    }

    record Valued(long cents) {
        @com.fasterxml.jackson.annotation.JsonValue
        String text() {
            return cents + "c";
        }
    }

    interface Kinded {
        default String getKind() {
            return "kind";
        }
    }

    record WithKind(String name) implements Kinded {}

    @Property(tries = 300)
    void mapsListsAndRecordsAreWrittenExactlyAsTheMapperWritesThem(@ForAll("trees") Object value) {
        assertThat(Json.write(value)).isEqualTo(Json.writtenByMapper(value));
        Holder holder = new Holder(value, new Sample("Pat", 3, true), List.of(new Sample("A", 1, false)),
                new Nested("n", Map.of("k", value == null ? "v" : value), java.util.Arrays.asList(null, new Sample("B", 2, true))),
                7L, 0.5, null);
        assertThat(Json.write(holder)).isEqualTo(Json.writtenByMapper(holder));
    }

    @Test
    void recordsTheWalkerDoesNotKnowAreWrittenByTheMapper() {
        assertThat(Json.PlainRecord.OF.get(Sample.class)).as("a plain record is walked").isNotNull();
        assertThat(Json.PlainRecord.OF.get(Holder.class)).as("a plain record is walked").isNotNull();
        assertThat(Json.PlainRecord.OF.get(Annotated.class)).as("an annotated one is not").isNull();
        assertThat(Json.PlainRecord.OF.get(WithGetter.class)).as("nor one with a getter of its own").isNull();
        for (Object record : List.of(new RenamedByAccessor("v"), new RenamedByConstructor("v"), new Valued(5), new WithKind("n"))) {
            assertThat(Json.PlainRecord.OF.get(record.getClass())).as(record.getClass().getSimpleName()).isNull();
            assertThat(Json.write(record)).as(record.getClass().getSimpleName()).isEqualTo(Json.writtenByMapper(record));
            assertThat(Json.write(List.of(record))).isEqualTo(Json.writtenByMapper(List.of(record)));
        }
        assertThat(Json.write(new Annotated("x", null))).isEqualTo("{\"kept\":\"x\"}");
        assertThat(Json.write(new WithGetter("n"))).isEqualTo(Json.writtenByMapper(new WithGetter("n"))).contains("\"label\":\"label n\"");
        assertThat(Json.write(List.of(new Annotated("x", null)))).isEqualTo("[{\"kept\":\"x\"}]");
    }

    @Test
    void namesAreSnakeCaseAsJacksonMakesThem() {
        for (String name : List.of("a", "timeSlot", "isAvailable", "URL", "aURLValue", "_private", "x_y", "startTime2", "ABc", "oneTWO")) {
            String expected = new com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy().translate(name);
            assertThat(Json.PlainRecord.snakeCase(name)).as(name).isEqualTo(expected);
        }
    }

    @Provide
    Arbitrary<Object> trees() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).withChars("ab\"\\\n\u0007\u2028é").map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just(new Sample("Pat", 3, true)).map(Object.class::cast),
                Arbitraries.just(new Nested("x", Map.of(), List.of())).map(Object.class::cast),
                Arbitraries.just("").map(s -> (Object) null));
        Arbitrary<Object> lists = scalars.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> maps = Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), Arbitraries.oneOf(scalars, lists)).ofMaxSize(4)
                .map(m -> (Object) new LinkedHashMap<>(m));
        Arbitrary<Object> numberKeyed = Arbitraries.maps(Arbitraries.integers(), scalars).ofMaxSize(3).map(m -> (Object) new LinkedHashMap<>(m));
        Arbitrary<Object> nested = Arbitraries.oneOf(maps, lists, numberKeyed).list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l));
        return Arbitraries.oneOf(maps, lists, numberKeyed, nested,
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(4), nested).ofMaxSize(3).map(m -> (Object) new LinkedHashMap<>(m)));
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast));
        Arbitrary<Object> lists = scalars.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> maps = Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), Arbitraries.oneOf(scalars, lists)).ofMaxSize(4)
                .map(m -> (Object) new LinkedHashMap<>(m));
        return Arbitraries.oneOf(scalars, lists, maps);
    }
}
