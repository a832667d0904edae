package io.reunir.operator.dependent;

/** Which keys the policy's auth Secret holds, so the agent config names the right files. */
public enum ElasticsearchAuthKind {
  NONE,
  API_KEY,
  BASIC
}
