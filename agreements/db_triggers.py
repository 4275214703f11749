"""The agreements app's PostgreSQL triggers: a signature is made on behalf of a party to its
agreement or a body above one (the rule of ``refused_signing_bodies``, for writes that go
around the models). The generic pieces (acyclic parents, RunPython wrappers) are the
kernel's (kernel/db_triggers.py)."""

from __future__ import annotations

from kernel.db_triggers import sql_literal


def signature_body_trigger() -> tuple[str, str]:
    """SQL creating and dropping a trigger that refuses a signature on behalf of a body
    that is neither a party to the agreement nor a parent, at any depth, of one."""
    create = """
        CREATE OR REPLACE FUNCTION agreements_signature_check_body() RETURNS trigger AS $$
        BEGIN
            IF NOT EXISTS (
                WITH RECURSIVE bodies(id, parent_id) AS (
                    SELECT p.id, p.parent_id FROM parties_party p
                    JOIN agreements_agreementparty ap ON ap.party_id = p.id
                    WHERE ap.agreement_id = NEW.agreement_id
                    UNION
                    SELECT p.id, p.parent_id FROM parties_party p
                    JOIN bodies b ON p.id = b.parent_id
                )
                SELECT 1 FROM bodies WHERE id = NEW.on_behalf_of_id
            ) THEN
                RAISE EXCEPTION 'party % is neither a party to agreement % nor a parent of one',
                    NEW.on_behalf_of_id, NEW.agreement_id
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER agreements_signature_check_body
            BEFORE INSERT OR UPDATE OF agreement_id, on_behalf_of_id ON agreements_signature
            FOR EACH ROW EXECUTE FUNCTION agreements_signature_check_body();
    """
    drop = """
        DROP TRIGGER IF EXISTS agreements_signature_check_body ON agreements_signature;
        DROP FUNCTION IF EXISTS agreements_signature_check_body();
    """
    return create, drop


def signing_body_triggers(message: str) -> tuple[str, str]:
    """SQL replacing the signature trigger's function (now raising ``message``, the one
    the models raise) and adding its counterpart on parties: removing a party to an
    agreement (or changing which party a row names) is refused while a signature is on
    behalf of a body that would no longer be a party nor above one.

    Both lock the agreement's row first, so a concurrent signature and party removal are
    checked one after the other, each against what the other committed. The party check
    is deferred to the commit: a write that removes a party and its signatures, in any
    order, is checked once both are gone."""
    allowed_bodies = """
                WITH RECURSIVE bodies(id, parent_id) AS (
                    SELECT p.id, p.parent_id FROM parties_party p
                    JOIN agreements_agreementparty ap ON ap.party_id = p.id
                    WHERE ap.agreement_id = {agreement}
                    UNION
                    SELECT p.id, p.parent_id FROM parties_party p
                    JOIN bodies b ON p.id = b.parent_id
                )
                SELECT 1 FROM bodies WHERE id = {body}
    """
    literal = sql_literal(message)
    signature_check = allowed_bodies.format(
        agreement="NEW.agreement_id", body="NEW.on_behalf_of_id"
    )
    party_check = allowed_bodies.format(agreement="OLD.agreement_id", body="s.on_behalf_of_id")
    create = f"""
        CREATE OR REPLACE FUNCTION agreements_signature_check_body() RETURNS trigger AS $$
        BEGIN
            PERFORM 1 FROM agreements_agreement WHERE id = NEW.agreement_id
                FOR NO KEY UPDATE;
            IF NOT EXISTS ({signature_check}) THEN
                RAISE EXCEPTION {literal}
                    USING ERRCODE = 'check_violation',
                    DETAIL = format('signature on behalf of party %s, agreement %s',
                                    NEW.on_behalf_of_id, NEW.agreement_id);
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        CREATE OR REPLACE FUNCTION agreements_party_keep_signing_bodies() RETURNS trigger AS $$
        BEGIN
            PERFORM 1 FROM agreements_agreement WHERE id = OLD.agreement_id
                FOR NO KEY UPDATE;
            IF EXISTS (
                SELECT 1 FROM agreements_signature s
                WHERE s.agreement_id = OLD.agreement_id
                AND NOT EXISTS ({party_check})
            ) THEN
                RAISE EXCEPTION {literal}
                    USING ERRCODE = 'check_violation',
                    DETAIL = format('party %s removed from agreement %s',
                                    OLD.party_id, OLD.agreement_id);
            END IF;
            RETURN NULL;
        END;
        $$ LANGUAGE plpgsql;
        CREATE CONSTRAINT TRIGGER agreements_party_keep_signing_bodies
            AFTER DELETE OR UPDATE OF agreement_id, party_id ON agreements_agreementparty
            DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION agreements_party_keep_signing_bodies();
    """
    restore, _ = signature_body_trigger()
    drop = f"""
        DROP TRIGGER IF EXISTS agreements_party_keep_signing_bodies ON agreements_agreementparty;
        DROP FUNCTION IF EXISTS agreements_party_keep_signing_bodies();
        DROP TRIGGER IF EXISTS agreements_signature_check_body ON agreements_signature;
        {restore}
    """
    return create, drop


# The names of the two deferred constraint triggers holding the publishing rule; the API's
# error handler and the write service name a field by them.
PUBLISHED_TRIGGER = "agreements_agreement_published_two_parties"
PARTY_LINK_TRIGGER = "agreements_agreementparty_published_two_parties"


def publishing_triggers(message: str, minimum: int) -> tuple[str, str]:
    """SQL creating and dropping the publishing rule on PostgreSQL: at commit, an agreement
    that is published has at least ``minimum`` parties. Checked for an agreement inserted
    or updated as published, and for one that loses a party row (deleted, or moved to
    another agreement). Deferred, so a write may insert a published agreement and then its
    parties (as bulk loads do), or swap its parties, in any order within a transaction;
    an agreement deleted with its parties is gone by the time the check runs."""
    literal = sql_literal(message)
    create = f"""
        CREATE OR REPLACE FUNCTION agreements_check_published_parties() RETURNS trigger AS $$
        DECLARE
            target bigint;
            found integer;
        BEGIN
            IF TG_TABLE_NAME = 'agreements_agreement' THEN
                target := NEW.id;
            ELSE
                target := OLD.agreement_id;
            END IF;
            IF NOT EXISTS (
                SELECT 1 FROM agreements_agreement WHERE id = target AND published
            ) THEN
                RETURN NULL;
            END IF;
            SELECT count(*) INTO found FROM agreements_agreementparty
                WHERE agreement_id = target;
            IF found < {minimum} THEN
                RAISE EXCEPTION {literal}
                    USING ERRCODE = 'check_violation', CONSTRAINT = TG_NAME,
                    DETAIL = format('%s: published agreement %s has %s parties',
                                    TG_NAME, target, found);
            END IF;
            RETURN NULL;
        END;
        $$ LANGUAGE plpgsql;
        CREATE CONSTRAINT TRIGGER {PUBLISHED_TRIGGER}
            AFTER INSERT OR UPDATE OF published ON agreements_agreement
            DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW WHEN (NEW.published)
            EXECUTE FUNCTION agreements_check_published_parties();
        CREATE CONSTRAINT TRIGGER {PARTY_LINK_TRIGGER}
            AFTER DELETE OR UPDATE OF agreement_id ON agreements_agreementparty
            DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION agreements_check_published_parties();
    """
    drop = f"""
        DROP TRIGGER IF EXISTS {PARTY_LINK_TRIGGER} ON agreements_agreementparty;
        DROP TRIGGER IF EXISTS {PUBLISHED_TRIGGER} ON agreements_agreement;
        DROP FUNCTION IF EXISTS agreements_check_published_parties();
    """
    return create, drop
