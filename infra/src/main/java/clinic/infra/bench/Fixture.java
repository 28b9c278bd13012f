package clinic.infra.bench;

import clinic.App;
import clinic.domain.Availability;
import clinic.domain.Role;
import clinic.domain.TimeSlot;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import clinic.infra.Emulator;
import clinic.infra.LocalResources;
import clinic.domain.Appointment;
import clinic.store.AppointmentStore;
import clinic.store.AvailabilityStore;
import clinic.store.Table;
import clinic.store.UserStore;
import java.time.LocalDate;
import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** A stack for the benchmark, with users and availabilities written straight through the stores. */
final class Fixture {
    final LocalResources stack;
    final App app;
    private final UserStore users;
    final AvailabilityStore availabilities;
    private final List<TimeSlot> slots;
    private final URI endpoint;
    private boolean bulkRoute = true;

    Fixture(Emulator emulator, String name, List<ExecutionInterceptor> interceptors) {
        endpoint = emulator.endpoint();
        stack = LocalResources.provision(emulator, name + "-" + UUID.randomUUID().toString().substring(0, 6), ZoneId.of("UTC"), interceptors);
        app = stack.app();
        app.timeSlots().populate();
        slots = app.timeSlots().list();
        users = new UserStore(app.table());
        availabilities = new AvailabilityStore(app.table());
    }

    String table() {
        return stack.config().tableName();
    }

    /** A user id of the shape the service issues (a lower-case UUID), derived from a readable name. */
    static String id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    UserRef user(String id, Role role, String name) {
        String username = name.toLowerCase().replace(' ', '.');
        users.save(new UserProfile(id, role, username, username + "@example.com", name));
        return new UserRef(id, username, name);
    }

    TimeSlot slot(int id) {
        return slots.get(id - 1);
    }

    /** Open availabilities, at most 32 per transaction, with the given ids (so a twin table can hold the same). */
    void declare(UserRef doctor, LocalDate date, List<Integer> slotIds, List<String> ids) {
        List<Availability> batch = new ArrayList<>();
        for (int i = 0; i < slotIds.size(); i++) {
            batch.add(new Availability(ids.get(i), doctor, date, slot(slotIds.get(i)), Availability.Status.OPEN, null));
            if (batch.size() == 32) {
                availabilities.declare(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            availabilities.declare(batch);
        }
    }

    void declare(UserRef doctor, LocalDate date, List<Integer> slotIds) {
        declare(doctor, date, slotIds, slotIds.stream().map(s -> UUID.randomUUID().toString()).toList());
    }

    /** Open availabilities, stored as {@link AvailabilityStore#bulkLoad} writes them (see {@link #load}). */
    void loadOpen(List<Availability> open) {
        load(table -> new AvailabilityStore(table).bulkLoad(open));
    }

    /** Booked appointments, stored as {@link AppointmentStore#bulkLoad} writes them (see {@link #load}). */
    void loadBooked(List<Appointment> booked) {
        load(table -> new AppointmentStore(table).bulkLoad(booked));
    }

    /**
     * Runs a store's bulk writes: through the moto launcher's bulk route when the emulator has it
     * (the very items the store would send, captured), else through BatchWriteItem as the store does.
     */
    private void load(Consumer<Table> writes) {
        if (!bulkRoute || !BulkLoad.put(endpoint, table(), BulkLoad.capture(table(), writes))) {
            bulkRoute = false;
            writes.accept(app.table());
        }
    }

    /**
     * Every item of the table, as the emulator counts them (DescribeTable; moto counts live, where
     * DynamoDB would be hours behind). Not a Scan: moto walks the table again for every page of
     * one, which at 330,000 items takes longer than loading them.
     */
    long itemCount() {
        return stack.dynamo().describeTable(r -> r.tableName(table())).table().itemCount();
    }

    /** Removes the section's table and pool from the emulator. */
    void close() {
        stack.delete();
        stack.close();
    }
}
