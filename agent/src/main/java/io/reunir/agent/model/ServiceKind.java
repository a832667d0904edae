package io.reunir.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/** One document per (node, service unit): id the unit's name; a start or stop is news. */
final class ServiceKind implements IndexedKind<ServiceRecord> {
  static final ServiceKind KIND = new ServiceKind();
  private static final String RUNNING = "running";

  private ServiceKind() {}

  @Override
  public String name() {
    return "services";
  }

  @Override
  public List<ServiceRecord> records(Snapshot snapshot) {
    return snapshot.services();
  }

  @Override
  public Iterator<ObjectNode> render(Snapshot snapshot, DocumentContext context) {
    return snapshot.services().stream().map(s -> Documents.serviceDoc(snapshot, context, s)).iterator();
  }

  @Override
  public String key(ServiceRecord service) {
    return service.name();
  }

  @Override
  public Subject subject(ServiceRecord service) {
    return new Subject(null, service.name(), null, service.state());
  }

  @Override
  public List<String> sourceFields() {
    return List.of("service.name", "service.state");
  }

  @Override
  public Subject subject(JsonNode source) {
    JsonNode service = source.path("service");
    return new Subject(null, IndexedKind.text(service.path("name")), null,
        IndexedKind.text(service.path("state")));
  }

  @Override
  public String added() {
    return "service_added";
  }

  @Override
  public String removed() {
    return "service_removed";
  }

  @Override
  public String changed(String before, String now) {
    if (RUNNING.equals(now)) {
      return "service_started";
    }
    return RUNNING.equals(before) ? "service_stopped" : null;
  }

  @Override
  public void putEventFields(ObjectNode event, ObjectNode reunir, Subject subject, Subject now,
      Subject before) {
    var service = event.putObject("service");
    IndexedKind.putIfNotNull(service, "name", subject.name());
    if (now != null) {
      IndexedKind.putIfNotNull(service, "state", now.value());
    }
    if (before != null) {
      IndexedKind.putIfNotNull(reunir.putObject("service"), "previous_state", before.value());
    }
  }
}
