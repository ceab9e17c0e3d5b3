-- Refresh tokens, stored as SHA-256 hashes. A family is one login; every refresh spends the
-- presented token (status rotated) and issues the next one in the same family. Presenting a spent
-- token again revokes the family.
CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY,             -- the token's jti
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id   uuid NOT NULL,
    token_hash  bytea NOT NULL,
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'rotated', 'revoked')),
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    used_at     timestamptz
);
CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
