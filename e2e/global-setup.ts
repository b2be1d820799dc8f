import { startServe } from './serve';

export default async function globalSetup(): Promise<void> {
  await startServe();
}
