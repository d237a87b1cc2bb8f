/** A clock the test moves by hand, so hold expiry is tested without waiting. */
export function testClock(start = Date.now()) {
  let now = start;
  const clock = () => new Date(now);
  return Object.assign(clock, {
    advance(seconds: number) {
      now += seconds * 1000;
    },
  });
}

export type TestClock = ReturnType<typeof testClock>;
