package dev.vigil.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemoryKeyStoresTest {
  private String saved;

  @BeforeEach
  void saveProperty() {
    saved = System.getProperty(InMemoryKeyStores.ITERATION_COUNT_PROPERTY);
    System.clearProperty(InMemoryKeyStores.ITERATION_COUNT_PROPERTY);
  }

  @AfterEach
  void restoreProperty() {
    if (saved == null) {
      System.clearProperty(InMemoryKeyStores.ITERATION_COUNT_PROPERTY);
    } else {
      System.setProperty(InMemoryKeyStores.ITERATION_COUNT_PROPERTY, saved);
    }
  }

  @Test
  void shouldProtectNewKeyEntriesWithOneIterationOnceSkipped() throws Exception {
    // Given the JDK's default protection: 10,000 iterations
    assertThat(keyProtectionIterations()).isEqualTo(10_000);

    // When key protection of new entries is skipped
    InMemoryKeyStores.skipKeyProtectionOfNewEntries();

    // Then a key put into a new PKCS12 store is protected with one iteration
    assertThat(keyProtectionIterations()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheOperatorsIterationCount() throws Exception {
    // Given an operator who set the count
    System.setProperty(InMemoryKeyStores.ITERATION_COUNT_PROPERTY, "20000");

    // When key protection is skipped
    InMemoryKeyStores.skipKeyProtectionOfNewEntries();

    // Then the operator's count stays
    assertThat(keyProtectionIterations()).isEqualTo(20_000);
  }

  /**
   * Puts a key into a new PKCS12 store, as Kafka does with a PEM key store, and reads the PBKDF2
   * iteration count its entry was protected with.
   */
  private static int keyProtectionIterations() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test-ca", Duration.ofDays(1));
    CertificateAuthority.Issued issued =
        ca.issueServer("localhost", List.of("localhost"), Duration.ofDays(1));
    char[] password = "in-memory".toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "kafka",
        issued.key(),
        password,
        new Certificate[] {issued.certificate(), ca.certificate()});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    store.store(bytes, password);
    PKCS12PfxPdu pfx = new PKCS12PfxPdu(bytes.toByteArray());
    for (var info : pfx.getContentInfos()) {
      if (!info.getContentType().equals(PKCSObjectIdentifiers.data)) {
        continue; // the encrypted certificate bag
      }
      for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(info).getSafeBags()) {
        if (bag.getBagValue() instanceof PKCS8EncryptedPrivateKeyInfo key) {
          PBES2Parameters pbes2 =
              PBES2Parameters.getInstance(
                  key.toASN1Structure().getEncryptionAlgorithm().getParameters());
          return PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters())
              .getIterationCount()
              .intValueExact();
        }
      }
    }
    throw new AssertionError("no protected key entry in the store");
  }
}
