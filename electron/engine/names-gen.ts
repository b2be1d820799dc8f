import { randomInt } from 'node:crypto';

const ADJECTIVES = [
  'admiring', 'brave', 'calm', 'clever', 'eager', 'gentle', 'happy', 'jolly', 'keen', 'lucid',
  'merry', 'nifty', 'optimistic', 'quirky', 'relaxed', 'serene', 'sharp', 'tender', 'vibrant', 'wise',
];
const NOUNS = [
  'albatross', 'badger', 'crane', 'dolphin', 'egret', 'falcon', 'gecko', 'heron', 'ibis', 'jackal',
  'kestrel', 'lemur', 'marmot', 'narwhal', 'otter', 'puffin', 'quokka', 'raven', 'stork', 'tapir',
];

/** A readable random name, like Podman's `admiring_badger`. */
export function randomName(taken: (n: string) => boolean): string {
  for (let i = 0; i < 100; i++) {
    const n = `${ADJECTIVES[randomInt(ADJECTIVES.length)]}_${NOUNS[randomInt(NOUNS.length)]}`;
    const name = i < 20 ? n : `${n}${randomInt(1000)}`;
    if (!taken(name)) return name;
  }
  return `ctr_${randomInt(1e9)}`;
}
