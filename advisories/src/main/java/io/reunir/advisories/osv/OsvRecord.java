package io.reunir.advisories.osv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One OSV record as Jackson binds it: every field we use kept as a tree, so binding never fails on a
 * wrong type and {@link OsvAdvisory#of} can say which field is wrong, naming the record's id. Fields
 * we never read ({@code details}, {@code credits}, …) are not components: Jackson skips their values
 * without building them, so a record with a huge {@code details} costs no memory for it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OsvRecord(
    JsonNode id,
    JsonNode modified,
    JsonNode published,
    JsonNode withdrawn,
    JsonNode aliases,
    JsonNode upstream,
    JsonNode related,
    JsonNode summary,
    JsonNode severity,
    JsonNode affected,
    JsonNode references) {}
