package io.securemqtt.certgen.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * A name clients use to reach the broker, as it goes into the server certificate's subject
 * alternative name: an {@code iPAddress} entry for an IP literal, a {@code dNSName} otherwise.
 *
 * <p>Values are canonical (DNS names in lower case, IP addresses as {@link InetAddress} prints
 * them), so two spellings of the same name are equal and a certificate's names compare as a set.
 *
 * @param value the canonical name
 * @param ipAddress whether it is an IP literal
 */
public record ServerName(String value, boolean ipAddress) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_DNS_NAME_LENGTH = 253;

    /** Parses a DNS name or an IPv4/IPv6 literal; the exception says what is wrong with it. */
    public static ServerName parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("server name is empty");
        }
        if (text.contains(":")) {
            return new ServerName(ipv6(text), true);
        }
        if (IPV4.matcher(text).matches()) {
            return new ServerName(ipv4(text), true);
        }
        return new ServerName(dnsName(text), false);
    }

    /** The names in a certificate's subject alternative name extension (none if it has none). */
    public static Set<ServerName> subjectAltNames(X509Certificate certificate) {
        Set<ServerName> names = new LinkedHashSet<>();
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subject alternative name: " + e.getMessage(), e);
        }
        if (entries != null) {
            for (List<?> entry : entries) {
                int type = (Integer) entry.get(0);
                if (type == GeneralName.dNSName || type == GeneralName.iPAddress) {
                    names.add(parse((String) entry.get(1)));
                }
            }
        }
        return names;
    }

    GeneralName toGeneralName() {
        return new GeneralName(ipAddress ? GeneralName.iPAddress : GeneralName.dNSName, value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String ipv4(String text) {
        for (String octet : text.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                throw new IllegalArgumentException("\"" + text + "\" is not a valid IPv4 address");
            }
        }
        return literal(text, text);
    }

    private static String ipv6(String text) {
        if (text.contains("%") || text.contains("[")) {
            throw new IllegalArgumentException("\"" + text + "\" is not a plain IPv6 address"
                    + " (no brackets, no %zone: a certificate cannot hold them)");
        }
        // The brackets make InetAddress parse the literal and never fall back to a DNS lookup.
        return literal("[" + text + "]", text);
    }

    private static String literal(String parseable, String text) {
        try {
            return InetAddress.getByName(parseable).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a valid IP address");
        }
    }

    private static String dnsName(String text) {
        String name = text.toLowerCase(Locale.ROOT);
        String problem = null;
        if (name.length() > MAX_DNS_NAME_LENGTH) {
            problem = "is longer than " + MAX_DNS_NAME_LENGTH + " characters";
        } else if (name.endsWith(".")) {
            problem = "ends with '.': write the name without the trailing dot";
        } else {
            String[] labels = name.split("\\.", -1);
            for (String label : labels) {
                if (!DNS_LABEL.matcher(label).matches()) {
                    problem = "has the label \"" + label + "\": each dot-separated part must be 1-63"
                            + " letters, digits or hyphens, not starting or ending with a hyphen";
                    break;
                }
            }
            if (problem == null && labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
                problem = "looks like an IP address but is not a valid one";
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("\"" + text + "\" is neither a DNS name nor an IP address: it " + problem);
        }
        return name;
    }
}
