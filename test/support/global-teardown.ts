export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __techbridgePostgres?: { stop(): Promise<void> } }).__techbridgePostgres;
  await server?.stop();
}
