package clinic.infra.bench;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The raw SDK floor of an operation: the very requests its handler made, sent again with the same
 * client to a twin table holding the same data. No mapping, validation or JSON: just the calls.
 */
final class Replay {
    private Replay() {}

    static SdkRequest retarget(SdkRequest request, String from, String to) {
        return switch (request) {
            case GetItemRequest get -> get.toBuilder().tableName(to).build();
            case QueryRequest query -> query.toBuilder().tableName(to).build();
            case BatchGetItemRequest batch -> batch.toBuilder().requestItems(Map.of(to, batch.requestItems().get(from))).build();
            case TransactWriteItemsRequest tx -> tx.toBuilder()
                    .transactItems(tx.transactItems().stream().map(item -> retarget(item, to)).toList()).build();
            default -> throw new IllegalArgumentException("not replayable: " + request.getClass().getSimpleName());
        };
    }

    private static TransactWriteItem retarget(TransactWriteItem item, String to) {
        var builder = item.toBuilder();
        if (item.put() != null) {
            builder.put(item.put().toBuilder().tableName(to).build());
        }
        if (item.update() != null) {
            builder.update(item.update().toBuilder().tableName(to).build());
        }
        if (item.delete() != null) {
            builder.delete(item.delete().toBuilder().tableName(to).build());
        }
        if (item.conditionCheck() != null) {
            builder.conditionCheck(item.conditionCheck().toBuilder().tableName(to).build());
        }
        return builder.build();
    }

    static void send(DynamoDbClient client, List<SdkRequest> requests) {
        for (SdkRequest request : requests) {
            switch (request) {
                case GetItemRequest get -> client.getItem(get);
                case QueryRequest query -> client.query(query);
                case BatchGetItemRequest batch -> client.batchGetItem(batch);
                case TransactWriteItemsRequest tx -> client.transactWriteItems(tx);
                default -> throw new IllegalArgumentException("not replayable: " + request.getClass().getSimpleName());
            }
        }
    }
}
