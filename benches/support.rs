//! Measuring helpers the benchmarks share.

use std::process::Command;
use std::time::{Duration, Instant};

/// Runs a command `runs` times under GNU time; the median wall time and
/// the largest peak memory (KB). `make(i)` builds the i-th command.
pub fn timed_runs(runs: usize, mut make: impl FnMut(usize) -> Command) -> (Duration, u64) {
    let mut times = Vec::new();
    let mut peak = 0;
    for i in 0..runs {
        let cmd = make(i);
        let t = Instant::now();
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(cmd.get_program())
            .args(cmd.get_args())
            .output()
            .expect("GNU time (/usr/bin/time) runs");
        times.push(t.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let kb: u64 = String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0);
        peak = peak.max(kb);
    }
    (p50(&mut times), peak)
}

pub fn p50(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}
