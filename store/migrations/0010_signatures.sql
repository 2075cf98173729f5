-- Schema v10 (issue 13): SSH-signed sign-offs. An owner may have an SSH
-- public key (authorized_keys form, '' when none); a sign-off may carry
-- the armored SSHSIG over its statement ('' when unsigned).
ALTER TABLE owners ADD COLUMN pubkey TEXT NOT NULL DEFAULT '';
ALTER TABLE signoffs ADD COLUMN signature TEXT NOT NULL DEFAULT '';
