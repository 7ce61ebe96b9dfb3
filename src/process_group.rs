//! What the exec plugin host (`plugin::exec`) and the Spark runner (`risk::spark_run`) ask of
//! the operating system, in one place: a child in a process group of its own, signals to that
//! group, the child's exit seen without reaping it, the group's other members, Ctrl-C turned
//! into a flag, and SIGINT/SIGTERM passed on to a child ([`Forwarder`]).
//!
//! **Unix** ([`unix`]) does all of it: `process_group(0)`, `kill(-pgid, SIGTERM|SIGKILL)`,
//! `waitid(WNOWAIT)` (the leader stays a zombie, so its group id cannot be reused while the
//! group is signalled), the members from `/proc` (Linux; elsewhere none are found, so only the
//! group's signals apply), a SIGINT handler that sets a flag, and signal-hook's iterator for
//! the forwarder.
//!
//! **Elsewhere** ([`portable`]) std alone: the plugin is an ordinary child; ending it is
//! `Child::kill` (TerminateProcess on Windows), its exit is `try_wait`, no other member is
//! seen, and Ctrl-C keeps the platform's default. So a plugin's own children are not swept, and
//! Ctrl-C ends clearway instead of cancelling the call; the forwarder passes nothing on (on
//! Windows the console's Ctrl-C reaches the Spark driver directly, as it shares the console). The portable module is compiled and
//! unit-tested on every platform, Unix included, so the fallback is known to build and work;
//! no crate covers process groups and console signals the same way on both (process-wrap's
//! job objects would, but its Unix side would replace the waitid/`/proc` checks above that the
//! plugin tests rely on).

use std::process::{Child, Command, ExitStatus};
use std::sync::atomic::AtomicBool;

#[cfg(unix)]
pub use unix::*;

#[cfg(not(unix))]
pub use portable::*;

#[cfg(unix)]
pub mod unix {
    use super::*;
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::sync::atomic::Ordering;

    /// Starts the command as the leader of a new process group, so the terminal's SIGINT does
    /// not reach it and the whole group can be signalled.
    pub fn own_group(cmd: &mut Command) {
        cmd.process_group(0);
    }

    /// SIGTERM to the child's whole group.
    pub fn terminate(child: &Child) {
        signal_group(child, libc::SIGTERM);
    }

    /// SIGKILL to the child's whole group.
    pub fn kill(child: &mut Child) {
        signal_group(child, libc::SIGKILL);
    }

    fn signal_group(child: &Child, signal: libc::c_int) {
        // SAFETY: kill(2) with a negative pid signals the process group the child leads
        // (spawned with process_group(0)); the leader is not reaped yet, so the group id is
        // still ours. No memory is touched.
        unsafe { libc::kill(-(child.id() as libc::pid_t), signal) };
    }

    /// The child's exit status once it exited, without reaping it.
    pub fn exited_unreaped(child: &mut Child) -> Option<ExitStatus> {
        // SAFETY: waitid(2) writes into the zeroed siginfo we own; WNOWAIT leaves the child
        // waitable, WNOHANG makes it return at once.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let rc = unsafe {
            libc::waitid(
                libc::P_PID,
                child.id() as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
            )
        };
        // SAFETY: si_pid and si_status are set by waitid for a child that changed state
        let (pid, status) = unsafe { (info.si_pid(), info.si_status()) };
        if rc != 0 || pid == 0 {
            return None;
        }
        Some(match info.si_code {
            libc::CLD_EXITED => ExitStatus::from_raw((status & 0xff) << 8),
            libc::CLD_DUMPED => ExitStatus::from_raw(status | 0x80),
            _ => ExitStatus::from_raw(status),
        })
    }

    /// How many live (not zombie) processes of the child's group there are besides the child,
    /// from `/proc` (none found where there is no `/proc`).
    pub fn other_members(child: &Child) -> usize {
        let group = child.id() as libc::pid_t;
        let Ok(dir) = std::fs::read_dir("/proc") else {
            return 0;
        };
        dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<libc::pid_t>().ok())
            .filter(|&pid| pid != group)
            .filter(|pid| {
                let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                    return false;
                };
                // after the command name in parentheses: state, ppid, pgrp
                let Some((_, rest)) = stat.rsplit_once(')') else {
                    return false;
                };
                let mut fields = rest.split_whitespace();
                let state = fields.next();
                let pgrp = fields.nth(1).and_then(|g| g.parse::<libc::pid_t>().ok());
                pgrp == Some(group) && state != Some("Z") && state != Some("X")
            })
            .count()
    }

    static FLAG: std::sync::OnceLock<&'static AtomicBool> = std::sync::OnceLock::new();

    extern "C" fn on_sigint(_: libc::c_int) {
        if let Some(flag) = FLAG.get() {
            flag.store(true, Ordering::SeqCst);
        }
    }

    /// Ctrl-C sets `flag` instead of ending the process (the host cancels the call).
    pub fn on_interrupt(flag: &'static AtomicBool) {
        let _ = FLAG.set(flag);
        // SAFETY: the handler only reads a set OnceLock and stores to an atomic, both
        // async-signal-safe (no allocation, no lock once set).
        unsafe {
            libc::signal(
                libc::SIGINT,
                on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
        }
    }

    /// Blocks until the child has exited, leaving it to be reaped (WNOWAIT), so its pid and
    /// group id stay reserved while a forwarder may still signal them.
    pub fn wait_exited(child: &Child) {
        // SAFETY: waitid(2) on our own child with a zeroed siginfo it fills in
        unsafe {
            let mut info: libc::siginfo_t = std::mem::zeroed();
            while libc::waitid(
                libc::P_PID,
                child.id() as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            ) != 0
                && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
            {
            }
        }
    }

    /// Catches SIGINT and SIGTERM (from [`Forwarder::catch`] on) and, once a child is named,
    /// passes the first on to it and answers a second with SIGKILL to its whole group.
    pub struct Forwarder {
        signals: Option<signal_hook::iterator::Signals>,
        handle: signal_hook::iterator::Handle,
        thread: Option<std::thread::JoinHandle<Option<i32>>>,
    }

    impl Forwarder {
        /// Catches the two signals from now on: one that arrives before the child is started
        /// waits for [`Forwarder::forward_to`] instead of ending clearway and leaving the
        /// child running in its own group.
        pub fn catch() -> std::io::Result<Forwarder> {
            let signals = signal_hook::iterator::Signals::new([libc::SIGINT, libc::SIGTERM])?;
            Ok(Forwarder {
                handle: signals.handle(),
                signals: Some(signals),
                thread: None,
            })
        }

        /// Passes signals on to `child` (started with [`own_group`]); call once.
        pub fn forward_to(&mut self, child: &Child) {
            let Some(mut signals) = self.signals.take() else {
                return;
            };
            let pid = child.id() as libc::pid_t;
            self.thread = Some(std::thread::spawn(move || {
                let mut first = None;
                for signal in signals.forever() {
                    if first.is_none() {
                        first = Some(signal);
                        // SAFETY: kill(2) of our child, not reaped before this thread ends
                        // (the caller waits with `wait_exited` before `stop`)
                        unsafe { libc::kill(pid, signal) };
                    } else {
                        // the second signal: the user does not want to wait for a clean-up
                        unsafe { libc::kill(-pid, libc::SIGKILL) };
                    }
                }
                first
            }));
        }

        /// Stops catching; the first signal that was passed on, if any.
        pub fn stop(mut self) -> Option<i32> {
            self.handle.close();
            self.thread.take()?.join().ok().flatten()
        }
    }

    impl Drop for Forwarder {
        fn drop(&mut self) {
            self.handle.close();
            if let Some(thread) = self.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

/// The fallback of every other platform, with std alone (see the module docs).
#[cfg_attr(unix, allow(dead_code))]
pub mod portable {
    use super::*;

    /// An ordinary child: there is no process group to start.
    pub fn own_group(_cmd: &mut Command) {}

    /// No gentle signal to send: the plugin had `$/cancel` and its grace period already.
    pub fn terminate(_child: &Child) {}

    /// Ends the child (TerminateProcess on Windows).
    pub fn kill(child: &mut Child) {
        let _ = child.kill();
    }

    /// The child's exit status once it exited (reaped: without a group id there is nothing
    /// to keep reserved).
    pub fn exited_unreaped(child: &mut Child) -> Option<ExitStatus> {
        child.try_wait().ok().flatten()
    }

    /// No other member is seen.
    pub fn other_members(_child: &Child) -> usize {
        0
    }

    /// Ctrl-C keeps the platform's default.
    pub fn on_interrupt(_flag: &'static AtomicBool) {}

    /// Nothing to wait for before the child is reaped (no group id to keep reserved).
    pub fn wait_exited(_child: &Child) {}

    /// Catches nothing: signals keep the platform's default (see the module docs).
    pub struct Forwarder;

    impl Forwarder {
        pub fn catch() -> std::io::Result<Forwarder> {
            Ok(Forwarder)
        }

        pub fn forward_to(&mut self, _child: &Child) {}

        /// Nothing was passed on.
        pub fn stop(self) -> Option<i32> {
            None
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn sleeper() -> Command {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "sleep 30"]);
        cmd
    }

    fn exit_within(child: &mut Child, ends: impl Fn(&mut Child) -> Option<ExitStatus>) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if ends(child).is_some() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    #[test]
    fn the_portable_fallback_ends_a_plugin_and_sees_it_exit() {
        let mut cmd = sleeper();
        portable::own_group(&mut cmd);
        let mut child = cmd.spawn().unwrap();
        assert_eq!(portable::exited_unreaped(&mut child), None);
        assert_eq!(portable::other_members(&child), 0);
        portable::terminate(&child);
        portable::kill(&mut child);
        assert!(exit_within(&mut child, portable::exited_unreaped));
    }

    #[test]
    fn the_portable_forwarder_passes_nothing_on() {
        let mut child = sleeper().spawn().unwrap();
        let mut forwarder = portable::Forwarder::catch().unwrap();
        forwarder.forward_to(&child);
        portable::wait_exited(&child);
        assert_eq!(forwarder.stop(), None);
        assert_eq!(portable::exited_unreaped(&mut child), None);
        portable::kill(&mut child);
        assert!(child.wait().is_ok());
    }

    #[test]
    fn on_unix_a_caught_signal_reaches_the_child_and_is_reported() {
        let mut cmd = sleeper();
        unix::own_group(&mut cmd);
        let mut forwarder = unix::Forwarder::catch().unwrap();
        let child = cmd.spawn().unwrap();
        forwarder.forward_to(&child);
        // a SIGTERM to clearway itself (this test process) goes to the child instead
        // SAFETY: kill(2) of our own pid with a signal the forwarder has caught
        unsafe { libc::kill(std::process::id() as libc::pid_t, libc::SIGTERM) };
        unix::wait_exited(&child);
        assert_eq!(forwarder.stop(), Some(libc::SIGTERM));
        let mut child = child;
        let status = child.wait().unwrap();
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(libc::SIGTERM)
        );
    }

    #[test]
    fn on_unix_the_group_is_signalled_and_the_leader_stays_waitable() {
        // the leader forks a second sleeper into its group
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "sleep 30 & sleep 30"]);
        unix::own_group(&mut cmd);
        let mut child = cmd.spawn().unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        while unix::other_members(&child) == 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(unix::other_members(&child) >= 1);
        unix::terminate(&child);
        assert!(exit_within(&mut child, unix::exited_unreaped));
        // not reaped: still waitable, and the group's members are gone too
        let deadline = Instant::now() + Duration::from_secs(5);
        while unix::other_members(&child) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(unix::other_members(&child), 0);
        assert!(child.wait().is_ok());
    }
}
