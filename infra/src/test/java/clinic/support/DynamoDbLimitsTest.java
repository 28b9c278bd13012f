package clinic.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The suite's guard refuses exactly what DynamoDB refuses for its size, at each limit and one past it. */
class DynamoDbLimitsTest {
    private static Map<String, AttributeValue> key(int i) {
        return Map.of("PK", AttributeValue.fromS("K#" + i), "SK", AttributeValue.fromS("S"));
    }

    private static TransactWriteItemsRequest transaction(int items, int bytesEach) {
        String filler = "x".repeat(bytesEach);
        return TransactWriteItemsRequest.builder().transactItems(IntStream.range(0, items).mapToObj(i -> TransactWriteItem.builder()
                .put(Put.builder().tableName("t").item(Map.of("PK", AttributeValue.fromS("K#" + i), "d", AttributeValue.fromS(filler)))
                        .build()).build()).toList()).build();
    }

    @Test
    void aTransactionIsRefusedPastAHundredItemsOrFourMegabytes() {
        assertThat(DynamoDbLimits.breach(transaction(100, 10))).isNull();
        assertThat(DynamoDbLimits.breach(transaction(101, 10))).contains("101 items");
        assertThat(DynamoDbLimits.breach(transaction(10, 400_000))).isNull();
        assertThat(DynamoDbLimits.breach(transaction(11, 400_000))).contains("over 4 MB");
    }

    @Test
    void aBatchGetIsRefusedPastAHundredKeysAndABatchWritePastTwentyFive() {
        var hundred = BatchGetItemRequest.builder().requestItems(Map.of("t", KeysAndAttributes.builder()
                .keys(IntStream.range(0, 100).mapToObj(DynamoDbLimitsTest::key).toList()).build())).build();
        var more = BatchGetItemRequest.builder().requestItems(Map.of("t", KeysAndAttributes.builder()
                .keys(IntStream.range(0, 101).mapToObj(DynamoDbLimitsTest::key).toList()).build())).build();
        assertThat(DynamoDbLimits.breach(hundred)).isNull();
        assertThat(DynamoDbLimits.breach(more)).contains("101 keys");

        WriteRequest put = WriteRequest.builder().putRequest(p -> p.item(key(1))).build();
        assertThat(DynamoDbLimits.breach(BatchWriteItemRequest.builder()
                .requestItems(Map.of("t", Collections.nCopies(25, put))).build())).isNull();
        assertThat(DynamoDbLimits.breach(BatchWriteItemRequest.builder()
                .requestItems(Map.of("t", Collections.nCopies(26, put))).build())).contains("26 requests");
    }

    @Test
    void anExpressionIsRefusedPastFourKilobytes() {
        String names = String.join(", ", Collections.nCopies(400, "#a"));
        assertThat(DynamoDbLimits.breach(UpdateItemRequest.builder().updateExpression("REMOVE " + names).build())).isNull();
        String more = String.join(", ", Collections.nCopies(1100, "#a"));
        assertThat(DynamoDbLimits.breach(UpdateItemRequest.builder().updateExpression("REMOVE " + more).build()))
                .contains("over 4 KB");
        assertThat(DynamoDbLimits.breach(List.of())).isNull();
    }
}
