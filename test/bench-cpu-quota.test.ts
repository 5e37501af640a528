import { describe, expect, it } from 'vitest'
import { parseCpuPerProcess, quotaFiles } from '../bench/cpu-quota.ts'

/** `npm run bench:load -- --cpu-per-process N`: what an operator types and what the cgroup is given. */
describe('bench:load --cpu-per-process', () => {
  it('takes a number of cores, absent when not given', () => {
    expect(parseCpuPerProcess(undefined, 2)).toBeUndefined()
    expect(parseCpuPerProcess('0.5', 2)).toBe(0.5)
    expect(parseCpuPerProcess('2', 2)).toBe(2)
  })

  it('refuses what no quota can be, saying what it takes', () => {
    expect(() => parseCpuPerProcess('half', 2)).toThrow(
      '--cpu-per-process: a number of cores above 0, such as 0.5 (got half)',
    )
    expect(() => parseCpuPerProcess('0', 2)).toThrow('above 0')
    expect(() => parseCpuPerProcess('', 2)).toThrow('above 0')
    expect(() => parseCpuPerProcess('3', 2)).toThrow("at most this machine's 2 CPUs (got 3)")
    expect(() => parseCpuPerProcess('0.001', 2)).toThrow('at least 0.01 of a core')
  })

  it('sets the quota per 100 ms period, in cgroup v1 files and in v2 cpu.max', () => {
    expect(quotaFiles(1, 0.5)).toEqual([
      ['cpu.cfs_period_us', '100000'],
      ['cpu.cfs_quota_us', '50000'],
    ])
    expect(quotaFiles(2, 0.5)).toEqual([['cpu.max', '50000 100000']])
    expect(quotaFiles(2, 1.25)).toEqual([['cpu.max', '125000 100000']])
  })
})
