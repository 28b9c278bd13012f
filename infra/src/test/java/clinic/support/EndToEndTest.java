package clinic.support;

import clinic.infra.LocalApi;
import clinic.infra.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class with its own resources on the shared emulator, served over HTTP by the local API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EndToEndTest {
    protected LocalStack stack;
    protected LocalApi server;
    protected Api api;
    protected Users users;

    @BeforeAll
    void startStack() {
        stack = TestStack.fresh(getClass());
        server = TestStack.serve(stack);
        api = new Api(server.url());
        users = new Users(stack.app());
    }

    @AfterAll
    void stopStack() {
        if (server != null) {
            server.close();
        }
        if (stack != null) {
            stack.close();
        }
    }
}
