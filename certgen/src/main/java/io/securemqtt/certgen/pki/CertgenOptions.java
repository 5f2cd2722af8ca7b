package io.securemqtt.certgen.pki;

import io.securemqtt.certgen.store.FileOwner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What certgen is asked to make of a PKI directory: the options of generate, add-client and revoke,
 * parsed and checked.
 *
 * @param outDir where the PKI lives ({@code --out})
 * @param clients the client identities, in order ({@code --client})
 * @param serverNames the server certificate's names, the first also its CN ({@code --server-name})
 * @param keyType the type of keys created now ({@code --key-type})
 * @param leafValidity validity of new server and client certificates ({@code --validity}, {@code --days})
 * @param caDays validity of a new CA ({@code --ca-days})
 * @param owners numeric owners by identity ({@code server} or a client) ({@code --owner})
 * @param renewWithin the renewal window ({@code --renew-within}), or zero for the default
 * @param force re-issue every server and client certificate ({@code --force})
 * @param pkcs12 also write a PKCS#12 key store per identity ({@code --pkcs12})
 * @param crlValidity validity of the CRL certgen writes ({@code --crl-validity}, {@code --crl-days})
 */
public record CertgenOptions(Path outDir, List<Identity> clients, List<ServerName> serverNames, KeyType keyType,
        Duration leafValidity, int caDays, Map<String, FileOwner> owners, Duration renewWithin, boolean force,
        boolean pkcs12, Duration crlValidity) {

    public CertgenOptions {
        if (serverNames.isEmpty() || leafValidity.isNegative() || leafValidity.isZero() || caDays < 1 || crlValidity.isNegative() || crlValidity.isZero()
                || renewWithin.isNegative()) {
            throw new IllegalArgumentException("a server name and positive validities are required");
        }
        clients = List.copyOf(clients);
        serverNames = List.copyOf(serverNames);
        owners = Collections.unmodifiableMap(new LinkedHashMap<>(owners));
    }

    public Duration caValidity() {
        return Duration.ofDays(caDays);
    }

    /** The options with one more client, for {@code add-client NAME}. */
    public CertgenOptions withClient(Identity client) {
        List<Identity> more = new ArrayList<>(clients);
        if (more.stream().noneMatch(other -> other.name().equalsIgnoreCase(client.name()))) {
            more.add(client);
        }
        return new CertgenOptions(outDir, more, serverNames, keyType, leafValidity, caDays, owners, renewWithin, force,
                pkcs12, crlValidity);
    }
}
