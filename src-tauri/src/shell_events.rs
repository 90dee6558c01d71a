//! What the shell tells the window on its own (a panic, a second start, an
//! update ready, changes on the shared database, the server lost or back, a
//! backup's progress and outcome) goes through one channel that the window
//! opens after its first screen (`commands::app::shell_events`).
//!
//! Why not Tauri's events: the window listened to six of them, and each
//! listener is a message to the core plus a script the core runs in the
//! page. On Linux the first script whose answer comes back starts a
//! JavaScript engine in the app's own process, about 3 MiB of the memory
//! the start-up benchmark reads (issue 21). A channel is one command at
//! start, and a script runs in the page only when there is something to
//! tell. It also lets the window's capability drop event listening.

use std::sync::{Mutex, PoisonError, TryLockError};

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};

/// A panic in a command (payload: none).
pub const FATAL: &str = "kiz://fatal";
/// A second start asked the window to come forward (payload: none).
pub const SECOND_START: &str = "kiz://second-start";
/// The check at start found a verified update (payload: its version).
pub const UPDATE_READY: &str = "kiz://update-ready";
/// Tables another PC (or this one) changed on the shared database.
pub const DATABASE_CHANGED: &str = "kiz://database-changed";
/// The shared database's listener lost the server or has it again.
pub const DATABASE_CONNECTION: &str = "kiz://database-connection";
/// How far a backup is (payload: `{ done, total }`).
pub const BACKUP_PROGRESS: &str = "kiz://backup-progress";
/// A backup ended (payload: `{ ok, error }`).
pub const BACKUP_DONE: &str = "kiz://backup-done";

/// One message on the channel: which of the events above, and its payload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShellMessage {
    pub event: &'static str,
    pub payload: serde_json::Value,
}

impl ShellMessage {
    /// The message for `event`; a payload that cannot be written as JSON
    /// (none of the app's can) goes as `null`.
    pub fn new(event: &'static str, payload: impl Serialize) -> Self {
        ShellMessage {
            event,
            payload: serde_json::to_value(payload).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// The window's channel, once it opened one. A page that is loaded again
/// opens a new one, which replaces the old.
#[derive(Default)]
pub struct ShellEvents(Mutex<Option<Channel<ShellMessage>>>);

/// How often the panic hook tries the lock before it gives up on telling.
const PANIC_HOOK_TRIES: u32 = 1_000;

impl ShellEvents {
    pub fn open(&self, channel: Channel<ShellMessage>) {
        let replaced = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(channel);
        // Dropping the old channel tells its page it ended: outside the lock.
        drop(replaced);
    }

    /// The open channel, waiting for the lock (held only to clone or
    /// replace it).
    fn channel(&self) -> Option<Channel<ShellMessage>> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The open channel for the panic hook, which must not wait for a lock
    /// its own thread may hold (a panic between taking and releasing it).
    /// Another thread's hold ends within moments, so the lock is tried a
    /// bounded number of times, giving way in between; `Err` when it
    /// stayed held.
    fn channel_without_waiting(&self) -> Result<Option<Channel<ShellMessage>>, ()> {
        for _ in 0..PANIC_HOOK_TRIES {
            match self.0.try_lock() {
                Ok(guard) => return Ok(guard.clone()),
                Err(TryLockError::Poisoned(poisoned)) => return Ok(poisoned.into_inner().clone()),
                Err(TryLockError::WouldBlock) => std::thread::yield_now(),
            }
        }
        Err(())
    }
}

/// Tells the window `event` with `payload`. Before the window opened its
/// channel nothing is sent: what it needs of that time it asks for once
/// the channel is open (`update_status`, `server_connection`, and
/// `app_status` for the last backup's outcome).
pub fn tell(app: &AppHandle, event: &'static str, payload: impl Serialize) {
    if let Some(events) = app.try_state::<ShellEvents>() {
        send(events.channel(), ShellMessage::new(event, payload));
    }
}

/// `tell` from the panic hook: never waits for the channel's lock.
pub fn tell_from_panic_hook(app: &AppHandle, event: &'static str) {
    let Some(events) = app.try_state::<ShellEvents>() else {
        return;
    };
    match events.channel_without_waiting() {
        Ok(channel) => send(channel, ShellMessage::new(event, ())),
        Err(()) => log::warn!("the window was not told {event}: its channel stayed busy"),
    }
}

fn send(channel: Option<Channel<ShellMessage>>, message: ShellMessage) {
    if let Some(channel) = channel {
        if let Err(error) = channel.send(message) {
            log::warn!("the window was not told: {error}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{mpsc, Arc};
    use std::time::Duration;
    use tauri::ipc::InvokeResponseBody;

    /// A channel whose messages land in the returned list.
    fn recording() -> (Channel<ShellMessage>, Arc<Mutex<Vec<String>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let into = Arc::clone(&seen);
        let channel = Channel::new(move |body| {
            if let InvokeResponseBody::Json(json) = body {
                into.lock().unwrap().push(json);
            }
            Ok(())
        });
        (channel, seen)
    }

    #[test]
    fn a_message_names_its_event_and_carries_its_payload_as_json() {
        let message = ShellMessage::new(
            BACKUP_PROGRESS,
            serde_json::json!({ "done": 2, "total": 5 }),
        );
        assert_eq!(
            serde_json::to_value(&message).unwrap(),
            serde_json::json!({ "event": "kiz://backup-progress", "payload": { "done": 2, "total": 5 } })
        );
        assert_eq!(
            ShellMessage::new(FATAL, ()).payload,
            serde_json::Value::Null
        );
    }

    #[test]
    fn the_latest_channel_opened_is_the_one_told() {
        let events = ShellEvents::default();
        assert!(
            events.channel().is_none(),
            "no channel before the window opens one"
        );
        let (first, first_seen) = recording();
        let (second, second_seen) = recording();
        events.open(first);
        send(events.channel(), ShellMessage::new(SECOND_START, ()));
        // The page was loaded again: its new channel replaces the old one.
        events.open(second);
        send(events.channel(), ShellMessage::new(UPDATE_READY, "0.2.0"));
        assert_eq!(first_seen.lock().unwrap().len(), 1);
        let second_seen = second_seen.lock().unwrap();
        assert_eq!(second_seen.len(), 1);
        assert!(second_seen[0].contains("kiz://update-ready") && second_seen[0].contains("0.2.0"));
    }

    #[test]
    fn the_panic_hooks_way_gives_up_on_a_lock_that_stays_held() {
        let events = Arc::new(ShellEvents::default());
        let (channel, _) = recording();
        events.open(channel);
        // Held for good (as by a panicking thread itself): the hook's way
        // comes back without the channel instead of waiting.
        let held = events.0.lock().unwrap();
        let (answer, answered) = mpsc::channel();
        let asking = Arc::clone(&events);
        std::thread::spawn(move || {
            let _ = answer.send(asking.channel_without_waiting().is_err());
        });
        let gave_up = answered
            .recv_timeout(Duration::from_secs(30))
            .expect("the panic hook's way does not wait for a held lock");
        assert!(gave_up, "a lock that stays held is given up on");
        drop(held);
        assert!(matches!(events.channel_without_waiting(), Ok(Some(_))));
    }
}
