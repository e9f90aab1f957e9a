-- The language a person reads the interface in (issue 14): a BCP 47 tag of
-- a shipped interface language, or '' to follow the browser's Accept-Language.
ALTER TABLE users ADD COLUMN ui_language text NOT NULL DEFAULT ''
    CHECK (ui_language = '' OR ui_language ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$');
