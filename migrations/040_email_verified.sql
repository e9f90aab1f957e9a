-- An address is confirmed once a link mailed to it has been followed (at sign-up, after a
-- change of address, or by a password reset, which also proves the address is read).
-- Notification mail goes only to confirmed addresses: anyone can type someone else's
-- address at sign-up, and its owner should not hear from us about an account they never
-- made. Accounts made before this column existed were never asked; they keep the mail
-- they chose (docs/decisions.md, "Confirmed addresses").
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;
UPDATE users SET email_verified_at = created_at;

-- A reset link followed proves its address is read, if the account still has that address.
ALTER TABLE password_resets ADD COLUMN email text;

-- The link sign-up mails is not counted against the links an account may ask for in an
-- hour: sign-ups have their own limit per network address.
ALTER TABLE email_changes ADD COLUMN at_signup boolean NOT NULL DEFAULT false;
