import { stopServe } from './serve';

export default function globalTeardown(): void {
  stopServe();
}
