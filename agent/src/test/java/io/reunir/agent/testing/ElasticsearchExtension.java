package io.reunir.agent.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real Elasticsearch: {@code @ExtendWith(ElasticsearchExtension.class)} and a parameter
 * of type {@link ElasticsearchNode}. One node serves the whole test run (it is kept in the root
 * context's store, which closes it when the run ends).
 *
 * <p>{@code REUNIR_TEST_ES_URL} points the tests at an existing cluster instead. Otherwise the
 * distribution comes from the system property {@code reunir.es.home} (set by the build) and runs on
 * the JDK named by {@code reunir.es.java.home}; Elasticsearch 9 needs Java 21, so when that JDK is
 * older a JDK 21+ is looked up under /usr/lib/jvm.
 */
public final class ElasticsearchExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ElasticsearchExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ElasticsearchNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("node", key -> new Resource(startNode()), Resource.class).node;
  }

  /** Wrapper the JUnit store closes at the end of the run. */
  @SuppressWarnings("deprecation")
  private record Resource(ElasticsearchNode node)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      node.close();
    }
  }

  private static ElasticsearchNode startNode() {
    String external = System.getenv("REUNIR_TEST_ES_URL");
    if (external != null && !external.isBlank()) {
      return ElasticsearchNode.external(URI.create(external.strip()));
    }
    String home = System.getProperty("reunir.es.home");
    if (home == null) {
      throw new IllegalStateException("System property reunir.es.home is not set: run the tests"
          + " through Maven (mvn verify), or set REUNIR_TEST_ES_URL to a running cluster");
    }
    Path esHome = Path.of(home);
    try {
      return ElasticsearchNode.start(esHome, javaFor(esHome));
    } catch (IOException e) {
      throw new IllegalStateException("Could not start Elasticsearch from " + esHome + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting Elasticsearch", e);
    }
  }

  private static Path javaFor(Path esHome) throws IOException {
    Path configured = Path.of(System.getProperty("reunir.es.java.home", System.getProperty("java.home")));
    int needed = esHome.getFileName().toString().startsWith("elasticsearch-9") ? 21 : 17;
    if (ElasticsearchNode.javaMajor(configured) >= needed) {
      return configured;
    }
    return findJdk(needed).orElseThrow(() -> new IllegalStateException(esHome.getFileName()
        + " needs Java " + needed + "+; " + configured + " is older and none was found under"
        + " /usr/lib/jvm. Pass -Des.java.home=DIR to Maven."));
  }

  private static Optional<Path> findJdk(int minimum) throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(jvms)) {
      return dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")))
          .filter(d -> ElasticsearchNode.javaMajor(d) >= minimum)
          .max(Comparator.comparingInt(ElasticsearchNode::javaMajor));
    }
  }
}
