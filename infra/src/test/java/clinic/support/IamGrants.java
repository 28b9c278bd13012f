package clinic.support;

import clinic.infra.CfnTemplate;
import clinic.infra.CfnTemplate.Intrinsic;
import clinic.support.IamCalls.Permission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What template.yaml grants each function, as (action, resource) pairs with resources by the
 * template's names ({@code !GetAtt Table.Arn} is {@code Table}, {@code !Sub ${Table.Arn}/index/ByDate}
 * is {@code Table/index/ByDate}). Only inline statement documents are read: a SAM policy template
 * (DynamoDBCrudPolicy and the like) expands to actions this cannot see, so it is refused, as are
 * Deny statements and conditions, which "exactly these grants" cannot be checked against.
 */
public final class IamGrants {
    private static final Pattern SUB_OF_ARN = Pattern.compile("\\$\\{(\\w+)\\.Arn}(/.*)?");
    /** The schedules of a group: {@code arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/${Group}/*}. */
    private static final Pattern SUB_OF_SCHEDULES = Pattern.compile(
            "arn:\\$\\{AWS::Partition}:scheduler:\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:schedule/\\$\\{(\\w+)}/\\*");

    /** A sender's SES identity: {@code arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${Sender}}. */
    private static final Pattern SUB_OF_IDENTITY = Pattern.compile(
            "arn:\\$\\{AWS::Partition}:ses:\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:identity/\\$\\{(\\w+)}");

    private IamGrants() {}

    public static Map<String, Set<Permission>> of(CfnTemplate template) {
        Map<String, Set<Permission>> grants = new TreeMap<>();
        template.functionProperties().forEach((function, properties) -> {
            Set<Permission> granted = new TreeSet<>();
            for (Object policy : list(properties.get("Policies"))) {
                if (!(policy instanceof Map<?, ?> document) || !document.containsKey("Statement")) {
                    throw new IllegalStateException(function + ": policy " + policy
                            + " is not an inline statement document; write its statements out so the grants can be checked");
                }
                for (Object s : list(document.get("Statement"))) {
                    Map<?, ?> statement = (Map<?, ?>) s;
                    if (!"Allow".equals(statement.get("Effect")) || statement.containsKey("Condition")
                            || statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                        throw new IllegalStateException(function + ": only plain Allow statements can be checked: " + statement);
                    }
                    for (Object action : list(statement.get("Action"))) {
                        for (Object resource : list(statement.get("Resource"))) {
                            granted.add(new Permission((String) action, resource(resource)));
                        }
                    }
                }
            }
            grants.put(function, granted);
        });
        return grants;
    }

    private static String resource(Object resource) {
        if (resource instanceof Intrinsic(String tag, Object value) && value instanceof String text) {
            if (tag.equals("!GetAtt") && text.endsWith(".Arn")) {
                return text.substring(0, text.length() - ".Arn".length());
            }
            Matcher sub = SUB_OF_ARN.matcher(text);
            if (tag.equals("!Sub") && sub.matches()) {
                return sub.group(1) + (sub.group(2) == null ? "" : sub.group(2));
            }
            Matcher schedules = SUB_OF_SCHEDULES.matcher(text);
            if (tag.equals("!Sub") && schedules.matches()) {
                return "schedule/" + schedules.group(1) + "/*";
            }
            Matcher identity = SUB_OF_IDENTITY.matcher(text);
            if (tag.equals("!Sub") && identity.matches()) {
                return "identity/" + identity.group(1);
            }
        }
        return String.valueOf(resource);
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : value instanceof List<?> l ? l : List.of(value);
    }
}
