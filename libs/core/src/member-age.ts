/** A member under 10 is a child: counted in headcount, never takes a seat. */
export const CHILD_AGE_LIMIT = 10;
export const isChildAge = (age: number): boolean => age < CHILD_AGE_LIMIT;
