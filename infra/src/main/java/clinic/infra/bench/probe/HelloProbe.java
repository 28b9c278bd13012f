package clinic.infra.bench.probe;

/** The bare JVM: start, print one line, exit. */
public final class HelloProbe {
    private HelloProbe() {}

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
