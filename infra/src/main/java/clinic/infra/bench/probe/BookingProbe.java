package clinic.infra.bench.probe;

import clinic.appointments.BookAppointment;
import clinic.infra.bench.Calls;

/**
 * A Lambda cold start as the booking function has it: construct the handler from the environment
 * the template sets, and serve one booking event. Args: patient id, doctor id, date, slot.
 * Exits 1 unless the booking was made.
 */
public final class BookingProbe {
    private BookingProbe() {}

    public static void main(String[] args) {
        long start = System.nanoTime();
        var handler = new BookAppointment();
        long built = System.nanoTime();
        var response = handler.handleRequest(Calls.booking(args[0], args[1], args[2], Integer.parseInt(args[3])), null);
        long served = System.nanoTime();
        System.out.println("timing init=" + (built - start) / 1_000_000.0 + " request=" + (served - built) / 1_000_000.0
                + SdkFloorProbe.usage());
        if (response.getStatusCode() != 201) {
            System.err.println(response.getBody());
            System.exit(1);
        }
    }
}
