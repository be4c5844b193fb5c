/** Constraint names from the migrations that map to domain outcomes. */
export const TEAMS_NAME_UQ = 'teams_name_uq';
