package io.reunir.agent.redash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Redash row shapes the query pack is designed around, on search responses in Elasticsearch's
 * format: if this flattening drifts from Redash's, the expected rows of RedashQueriesIT mean nothing.
 */
class RedashResultsTest {

  private static JsonNode json(String text) throws Exception {
    return EsHttp.JSON.readTree(text.replace('\'', '"'));
  }

  private static List<String> rows(JsonNode response, List<String> resultFields) {
    return RedashResults.rows(response, resultFields).stream().map(ObjectNode::toString).toList();
  }

  private static final String NESTED = """
      {'hits': {'hits': [{'_source': {'ignored': true}}]},
       'aggregations': {'os': {'doc_count_error_upper_bound': 0, 'sum_other_doc_count': 0, 'buckets': [
         {'key': 'Debian', 'doc_count': 3, 'kernel': {'doc_count_error_upper_bound': 0, 'buckets': [
           {'key': '6.1.0-26', 'doc_count': 2}, {'key': '6.1.0-28', 'doc_count': 1}]}},
         {'key': 'Alpine', 'doc_count': 1, 'kernel': {'buckets': [{'key': '6.6.58', 'doc_count': 1}]}}]}}}
      """;

  @Test
  void nestedBucketsBecomeOneRowPerLeafAndReplaceHits() throws Exception {
    assertThat(rows(json(NESTED), List.of("os", "os.doc_count", "kernel", "kernel.doc_count"))).containsExactly(
        "{\"os\":\"Debian\",\"os.doc_count\":3,\"kernel\":\"6.1.0-26\",\"kernel.doc_count\":2}",
        "{\"os\":\"Debian\",\"os.doc_count\":3,\"kernel\":\"6.1.0-28\",\"kernel.doc_count\":1}",
        "{\"os\":\"Alpine\",\"os.doc_count\":1,\"kernel\":\"6.6.58\",\"kernel.doc_count\":1}");
  }

  @Test
  void withoutResultFieldsTheTopAggregationsCountersAreColumnsToo() throws Exception {
    assertThat(RedashResults.rows(json(NESTED), List.of()).get(0).properties()).extracting(e -> e.getKey())
        .containsExactly("os.doc_count_error_upper_bound", "os.sum_other_doc_count", "os", "os.doc_count",
            "kernel", "kernel.doc_count");
  }

  @Test
  void metricSubAggregationsBecomeDottedColumnsAndEmptyBucketsNoRows() throws Exception {
    JsonNode response = json("""
        {'aggregations': {
          'node': {'buckets': [{'key': 'a', 'doc_count': 1, 'last': {'value': 5.0, 'value_as_string': 'T'}}]},
          'none': {'buckets': []}}}
        """);
    assertThat(rows(response, null)).containsExactly(
        "{\"node\":\"a\",\"node.doc_count\":1,\"node.last.value\":5.0,\"node.last.value_as_string\":\"T\"}");
  }

  @Test
  void hitsAreFlattenedWithDotsAndOnlyOneElementArraysUnwrapped() throws Exception {
    JsonNode response = json("""
        {'hits': {'hits': [{'_source': {'host': {'name': 'n1', 'ip': ['10.0.0.1'], 'mac': ['a', 'b']},
          'reunir': {'package': {'in_use': false}}, 'labels': {}}}]}}
        """);
    assertThat(rows(response, null)).containsExactly(
        "{\"host.name\":\"n1\",\"host.ip\":\"10.0.0.1\",\"host.mac\":[\"a\",\"b\"],\"reunir.package.in_use\":false}");
  }

  @Test
  void resultFieldsFilterHitsByTopLevelKeyOnly() throws Exception {
    JsonNode response = json("{'hits': {'hits': [{'_source': {'host': {'name': 'n1'}, 'package': {'name': 'p'}}}]}}");
    assertThat(rows(response, List.of("host.name"))).containsExactly("{}");
    assertThat(rows(response, List.of("host"))).containsExactly("{\"host.name\":\"n1\"}");
  }

  @Test
  void anErrorResponseIsTheQuerysError() throws Exception {
    JsonNode response = json("{'error': {'type': 'search_phase_execution_exception'}, 'status': 400}");
    assertThatThrownBy(() -> RedashResults.rows(response, null))
        .hasMessageContaining("search_phase_execution_exception");
  }
}
