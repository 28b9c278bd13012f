package clinic.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The items of one TransactWriteItems call. Each method returns the item's index, which is how the
 * cancellation reasons say which condition failed. In expressions {@code #name} stands for the
 * attribute {@code name}, so reserved words such as {@code status} need no ceremony.
 */
final class Tx {
    private static final Pattern NAME = Pattern.compile("#(\\w+)");

    private final String table;
    private final List<TransactWriteItem> items = new ArrayList<>();

    Tx(String table) {
        this.table = table;
    }

    List<TransactWriteItem> items() {
        return List.copyOf(items);
    }

    int size() {
        return items.size();
    }

    int put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        var put = Put.builder().tableName(table).item(item);
        if (condition != null) {
            put.conditionExpression(condition).expressionAttributeNames(names(condition));
            if (!values.isEmpty()) {
                put.expressionAttributeValues(values);
            }
        }
        return add(TransactWriteItem.builder().put(put.build()).build());
    }

    int putNew(Map<String, AttributeValue> item) {
        return put(item, "attribute_not_exists(#PK)", Map.of());
    }

    int update(Key key, String update, String condition, Map<String, AttributeValue> values) {
        var builder = Update.builder().tableName(table).key(key.toMap()).updateExpression(update)
                .expressionAttributeNames(names(update, condition));
        if (condition != null) {
            builder.conditionExpression(condition);
        }
        if (!values.isEmpty()) {
            builder.expressionAttributeValues(values);
        }
        return add(TransactWriteItem.builder().update(builder.build()).build());
    }

    int delete(Key key, String condition, Map<String, AttributeValue> values) {
        var builder = Delete.builder().tableName(table).key(key.toMap());
        if (condition != null) {
            builder.conditionExpression(condition).expressionAttributeNames(names(condition));
            if (!values.isEmpty()) {
                builder.expressionAttributeValues(values);
            }
        }
        return add(TransactWriteItem.builder().delete(builder.build()).build());
    }

    int check(Key key, String condition, Map<String, AttributeValue> values) {
        var builder = ConditionCheck.builder().tableName(table).key(key.toMap())
                .conditionExpression(condition).expressionAttributeNames(names(condition));
        if (!values.isEmpty()) {
            builder.expressionAttributeValues(values);
        }
        return add(TransactWriteItem.builder().conditionCheck(builder.build()).build());
    }

    private int add(TransactWriteItem item) {
        items.add(item);
        return items.size() - 1;
    }

    /** The {@code #name} placeholders used in the expressions; null when there are none (DynamoDB refuses an empty map). */
    static Map<String, String> names(String... expressions) {
        Map<String, String> names = new HashMap<>();
        for (String expression : expressions) {
            if (expression == null) {
                continue;
            }
            Matcher m = NAME.matcher(expression);
            while (m.find()) {
                names.put(m.group(), m.group(1));
            }
        }
        return names.isEmpty() ? null : names;
    }
}
