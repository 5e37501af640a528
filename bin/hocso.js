#!/usr/bin/env node
// Runs the TypeScript command line directly: tsx compiles on the fly, so there is no build step
// between a change and `hocso serve` (see docs/decisions/0002-run-typescript-with-tsx.md).
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main.ts')
const code = await main(process.argv.slice(2))
if (typeof code === 'number') process.exitCode = code
