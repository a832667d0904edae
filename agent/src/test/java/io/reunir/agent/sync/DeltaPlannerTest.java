package io.reunir.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeltaPlannerTest {
  /** Every document kind read whole: whatever the node no longer has is gone. */
  private static final java.util.function.BiPredicate<String, String> ALL_READ = (kind, type) -> true;

  private static Map<String, StateEntry> held(NodeInventory inventory) {
    Map<String, StateEntry> state = new HashMap<>();
    inventory.documents().forEach(d -> state.put(d.id(), d.entry()));
    return state;
  }

  @Test
  void unchangedContentPlansNothingEvenThoughTimeMoved() {
    var node = TestInventory.debian("n", 10);
    var before = NodeInventory.of(node.snapshot(), TestInventory.CONTEXT);
    var now = NodeInventory.of(node.snapshot(), TestInventory.CONTEXT);

    assertThat(now.timestamp()).isNotEqualTo(before.timestamp());
    assertThat(DeltaPlanner.plan(now.documents(), held(before), true, ALL_READ).size()).isZero();
  }

  @Test
  void upgradeRemoveAndAddGiveTheirEventsWithVersions() {
    var node = TestInventory.debian("n", 5);
    var state = held(NodeInventory.of(node.snapshot(), TestInventory.CONTEXT));
    node.packages.put("openssl", "3.0.17-1~deb12u2");
    node.packages.remove("bash");
    node.packages.put("curl", "7.88.1");
    var plan = DeltaPlanner.plan(NodeInventory.of(node.snapshot(), TestInventory.CONTEXT).documents(), state,
        true, ALL_READ);

    assertThat(plan.upserts()).extracting(u -> u.event().action() + " " + u.document().entry().name())
        .containsExactlyInAnyOrder("package_updated openssl", "package_installed curl");
    var updated = plan.upserts().stream().filter(u -> u.document().entry().name().equals("openssl"))
        .findFirst().orElseThrow();
    assertThat(updated.event().before().value()).isEqualTo("3.0.15-1~deb12u1");
    assertThat(plan.deletes()).extracting(DeltaPlanner.Delete::id)
        .containsExactly(TestInventory.packageId("n", "bash"));
    assertThat(plan.deletes().get(0).event().action()).isEqualTo("package_removed");
  }

  @Test
  void aScopeNotReadWholeLosesNothingWhileOthersStillDo() {
    var node = TestInventory.debian("n", 5);
    var state = new HashMap<>(held(NodeInventory.of(node.snapshot(), TestInventory.CONTEXT)));
    String rpmId = "test-cluster/n/rpm/bash/x86_64";
    state.put(rpmId, new StateEntry("packages", "h", "rpm", "bash", "x86_64", "5.1.8-9.el9"));
    node.packages.remove("bash");
    var desired = NodeInventory.of(node.snapshot(), TestInventory.CONTEXT).documents();

    // deb read whole, rpm not: the deb removal is real, the rpm package is only unread.
    var plan = DeltaPlanner.plan(desired, state, true, (kind, type) -> "deb".equals(type));

    assertThat(plan.deletes()).extracting(DeltaPlanner.Delete::id)
        .containsExactly(TestInventory.packageId("n", "bash"));
    // Nothing read whole (the probe failed): no delete at all, and so no removal event.
    assertThat(DeltaPlanner.plan(List.of(), state, true, (kind, type) -> false).deletes()).isEmpty();
  }

  @Test
  void aChangeThatKeepsTheVersionIsWrittenWithoutAnEvent() {
    var node = TestInventory.debian("n", 3);
    var state = held(NodeInventory.of(node.snapshot(), TestInventory.CONTEXT));
    // Elasticsearch holds other content for bash at the same version (say, drift in a field).
    var changed = new HashMap<>(state);
    String id = TestInventory.packageId("n", "bash");
    changed.put(id, new StateEntry("packages", "other-hash", "deb", "bash", "amd64", "5.2.15-2+b7"));
    var plan = DeltaPlanner.plan(NodeInventory.of(node.snapshot(), TestInventory.CONTEXT).documents(),
        changed, true, ALL_READ);

    assertThat(plan.upserts()).hasSize(1);
    assertThat(plan.upserts().get(0).document().id()).isEqualTo(id);
    assertThat(plan.upserts().get(0).event()).isNull();
  }

  @Test
  void withoutABaselineEverythingIsWrittenAndNothingAnnounced() {
    var node = TestInventory.debian("n", 4);
    var plan = DeltaPlanner.plan(NodeInventory.of(node.snapshot(), TestInventory.CONTEXT).documents(),
        Map.of(), false, ALL_READ);

    assertThat(plan.upserts()).hasSize(6).allSatisfy(u -> assertThat(u.event()).isNull());
    assertThat(plan.deletes()).isEmpty();
  }

  @Test
  void serviceTransitionsNameTheirDirection() {
    var running = new StateEntry("services", "h1", null, "ssh.service", null, "running");
    var stopped = new StateEntry("services", "h2", null, "ssh.service", null, "stopped");

    assertThat(DeltaPlanner.changeAction(running, stopped)).isEqualTo("service_started");
    assertThat(DeltaPlanner.changeAction(stopped, running)).isEqualTo("service_stopped");
    assertThat(DeltaPlanner.changeAction(running, null)).isEqualTo("service_added");
    assertThat(DeltaPlanner.changeAction(stopped, stopped)).isNull();
  }

  @Test
  void documentIdsFollowTheDesign() {
    var inventory = NodeInventory.of(TestInventory.debian("n", 3).snapshot(), TestInventory.CONTEXT);

    assertThat(inventory.node().id()).isEqualTo("test-cluster/n");
    assertThat(inventory.documents()).extracting(DesiredDocument::id).contains(
        "test-cluster/n/deb/openssl/amd64", "test-cluster/n/ssh.service");
    assertThat(inventory.documents()).allSatisfy(d -> assertThat(
        ContentHash.JSON.readTree(d.json()).at("/reunir/hash").asText()).isEqualTo(d.entry().hash()));
  }

  @Test
  void aNameInstalledTwiceGetsTheVersionInBothIds() {
    var key = new io.reunir.agent.model.PackageRecord("rpm", "gpg-pubkey", "e0c9281a-6b087b79", null, null,
        null, null, null, null, null, null);
    var other = new io.reunir.agent.model.PackageRecord("rpm", "gpg-pubkey", "e23570bc-6b087b79", null, null,
        null, null, null, null, null, null);
    var snapshot = io.reunir.agent.model.Snapshot.builder("s", java.time.Instant.EPOCH).nodeName("n")
        .addPackages(java.util.List.of(key, other)).build();

    assertThat(NodeInventory.of(snapshot, TestInventory.CONTEXT).documents()).extracting(DesiredDocument::id)
        .containsExactly("test-cluster/n/rpm/gpg-pubkey//e0c9281a-6b087b79",
            "test-cluster/n/rpm/gpg-pubkey//e23570bc-6b087b79");
  }
}
