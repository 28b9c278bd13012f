package clinic.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.http.Routes;
import clinic.infra.CfnTemplate;
import clinic.infra.Repo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The $default route in template.yaml: one, open, least privilege, and knowing exactly the declared routes. */
class DefaultRouteTemplateTest {
    private static final CfnTemplate TEMPLATE = CfnTemplate.read(Repo.template());

    @Test
    void oneOpenDefaultRouteServedByTheDefaultRouteFunction() {
        List<CfnTemplate.Route> defaults = TEMPLATE.routes().stream().filter(CfnTemplate.Route::isDefault).toList();
        assertThat(defaults).hasSize(1);
        assertThat(defaults.get(0).authorized()).isFalse();
        assertThat(defaults.get(0).handlerClass()).isEqualTo("clinic.http.DefaultRoute");
    }

    @Test
    void theDefaultRouteFunctionHasNoPoliciesAndNoEnvironmentOfItsOwn() {
        String id = TEMPLATE.routes().stream().filter(CfnTemplate.Route::isDefault).findFirst().orElseThrow().function();
        Map<?, ?> properties = (Map<?, ?>) TEMPLATE.functions().get(id).get("Properties");
        assertThat(properties.get("Policies")).isNull();
        assertThat(properties.get("Role")).isNull();
        assertThat(properties.get("Environment")).isNull();
    }

    @Test
    void theRoutesItKnowsAreTheTemplatesDeclaredRoutes() {
        List<String> declared = TEMPLATE.routes().stream().filter(r -> !r.isDefault()).map(CfnTemplate.Route::key).sorted().toList();
        assertThat(Routes.declared().keys()).isEqualTo(declared);
    }
}
