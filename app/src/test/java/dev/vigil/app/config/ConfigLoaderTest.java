package dev.vigil.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  @Test
  void shouldUseEmbeddedDefaultsForAnEmptyFile() {
    VigilConfig config = ConfigLoader.parse("c.yaml", "");
    assertThat(config.embedsKafka()).isTrue();
    assertThat(config.embedsRegistry()).isTrue();
    assertThat(config.platform().host()).isEqualTo("127.0.0.1");
    assertThat(config.platform().kafkaPort()).isZero();
    assertThat(config.telemetry().prometheusPort()).isZero();
  }

  @Test
  void shouldReadAnExternalClusterAndRegistry() {
    VigilConfig config =
        ConfigLoader.parse(
            "c.yaml",
            """
            kafka:
              bootstrapServers: kafka-1:9093,kafka-2:9093
              properties:
                security.protocol: SASL_SSL
            registry:
              url: https://registry.example:8081
              autoRegister: false
            telemetry:
              prometheusPort: -1
            """);
    assertThat(config.embedsKafka()).isFalse();
    assertThat(config.kafka().bootstrapServers()).contains("kafka-1:9093,kafka-2:9093");
    assertThat(config.kafka().properties()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(config.registry().url()).contains("https://registry.example:8081");
    assertThat(config.registry().autoRegister()).isFalse();
    assertThat(config.telemetry().prometheusPort()).isEqualTo(-1);
  }

  @Test
  void shouldReadThePlatformDataDirOfAnExternalLocalClusterAndRefuseItWithoutBootstrap() {
    VigilConfig config =
        ConfigLoader.parse(
            "c.yaml",
            """
            kafka:
              bootstrapServers: 127.0.0.1:9093
              platformDataDir: /var/lib/vigil-platform
            """);
    assertThat(config.kafka().platformDataDir())
        .contains(java.nio.file.Path.of("/var/lib/vigil-platform"));
    assertThat(config.platform().racks()).isEmpty();

    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    """
                    kafka:
                      platformDataDir: /var/lib/vigil-platform
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.platformDataDir")
        .hasMessageContaining("kafka.bootstrapServers");
  }

  @Test
  void shouldAcceptRacksWithoutInsecureForASecuredLocalCluster() {
    VigilConfig config =
        ConfigLoader.parse("c.yaml", "platform: {racks: [primary, backup, witness]}\n");
    assertThat(config.platform().insecure()).isFalse();
    assertThat(config.platform().racks()).containsExactly("primary", "backup", "witness");
  }

  @Test
  void shouldRejectAnUnknownKeyNamingFileLineAndPath() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "site-a.yaml",
                    """
                    platform:
                      host: 127.0.0.1
                      kafkaPrt: 9092
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("site-a.yaml line 3")
        .hasMessageContaining("unknown key 'platform.kafkaPrt'")
        .hasMessageContaining("kafkaPort");
  }

  @Test
  void shouldRejectAnUnknownTopLevelSection() {
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "kafak:\n  bootstrapServers: x:1\n"))
        .hasMessageContaining("unknown key 'kafak'")
        .hasMessageContaining("known keys: ")
        .hasMessageContaining("kafka, platform, redaction, registry");
  }

  @Test
  void shouldRejectAPortOutOfRangeNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "platform:\n  registryPort: 70000\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("platform.registryPort must be 0..65535 but was 70000");
  }

  @Test
  void shouldRejectAWrongTypeNamingThePath() {
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "platform:\n  kafkaPort: lots\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("'platform.kafkaPort'");
  }

  @Test
  void shouldRejectBootstrapServersHiddenInClientProperties() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse("c.yaml", "kafka:\n  properties:\n    bootstrap.servers: a:1\n"))
        .hasMessageContaining("use kafka.bootstrapServers");
  }

  @Test
  void shouldRejectARegistryUrlWithAnUnknownScheme() {
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "registry:\n  url: ftp://x\n"))
        .hasMessageContaining("registry.url must start with http://, https:// or mock://");
  }

  @Test
  void shouldPointTheOldKeyFileSettingAtTheKeysetDirectory() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse("c.yaml", "redaction:\n  keysFile: /etc/vigil/redaction.keys\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("c.yaml line")
        .hasMessageContaining("redaction.keysFile")
        .hasMessageContaining("set redaction.keysDir");
  }

  @Test
  void shouldReadAKeysetDirectory() {
    assertThat(
            ConfigLoader.parse("c.yaml", "redaction:\n  keysDir: /etc/vigil/keys\n")
                .redaction()
                .keysDir())
        .contains(java.nio.file.Path.of("/etc/vigil/keys"));
  }

  @Test
  void shouldRejectMalformedYaml() {
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "platform: [unclosed\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("c.yaml line");
  }
}
