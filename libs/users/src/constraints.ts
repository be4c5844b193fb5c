/** Constraint names from the migrations that map to domain outcomes. */
export const ACCOUNTS_USERNAME_UQ = 'accounts_username_uq';
export const ACCOUNTS_EMAIL_UQ = 'accounts_email_uq';
