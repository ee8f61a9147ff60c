package dev.eventlane.query.control.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The key pair that signs dashboard JWTs, base64 PKCS#8 / X.509. */
@Entity
@Table(name = "signing_keys")
public class SigningKey {

    @Id
    public String id;
    @Column(name = "private_key")
    public String privateKey;
    @Column(name = "public_key")
    public String publicKey;
    @Column(name = "created_at")
    public Instant createdAt;
}
