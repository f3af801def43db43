/** Discord ids (channels, guilds, users) are snowflakes: decimal numbers of up to 20 digits. */
export const SNOWFLAKE = /^\d{1,20}$/;

export function isSnowflake(value: string): boolean {
  return SNOWFLAKE.test(value);
}
