//! The `PushDevices` contract, run against the in-memory fake, SQLite and PostgreSQL.

use std::sync::Arc;

use chrono::Utc;
use signalbox::domain::alerts::{PushDevice, PushDeviceId, PushKeys};
use signalbox::domain::{Email, PasswordHash, UserId};
use signalbox::ports::{MAX_PUSH_DEVICES_PER_USER, NewUser, PushDevices, UserRepository};
use tokio::task::JoinSet;

// RFC 8291 appendix A's browser keys (published test data); the store does not care whose.
const P256DH: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
const OTHER_AUTH: &str = "AAAAAAAAAAAAAAAAAAAAAA";

async fn user(users: &dyn UserRepository) -> UserId {
    let new = NewUser {
        id: UserId::new_random(),
        email: Email::parse(&format!("{}@example.com", UserId::new_random())).unwrap(),
        password_hash: PasswordHash::from_phc("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
        created_at: Utc::now(),
    };
    users.create(new).await.unwrap().id
}

fn device(user: UserId, endpoint: &str, auth: &str) -> PushDevice {
    PushDevice {
        id: PushDeviceId::new_random(),
        user,
        endpoint: endpoint.to_owned(),
        keys: PushKeys { p256dh: P256DH.into(), auth: auth.into() },
    }
}

fn endpoints(devices: &[PushDevice]) -> Vec<&str> {
    devices.iter().map(|d| d.endpoint.as_str()).collect()
}

pub async fn a_saved_device_is_listed_for_its_user_only(devices: Arc<dyn PushDevices>, users: Arc<dyn UserRepository>) {
    let (owner, other) = (user(&*users).await, user(&*users).await);
    let saved = device(owner, "https://push.example.com/a", AUTH);

    let id = devices.save(saved.clone()).await.unwrap();

    assert_eq!(id, saved.id);
    assert_eq!(devices.of_user(owner).await.unwrap(), vec![saved]);
    assert!(devices.of_user(other).await.unwrap().is_empty());
}

pub async fn subscribing_again_from_one_endpoint_keeps_one_device_with_the_new_keys(
    devices: Arc<dyn PushDevices>,
    users: Arc<dyn UserRepository>,
) {
    let owner = user(&*users).await;
    let first = devices.save(device(owner, "https://push.example.com/a", AUTH)).await.unwrap();

    let again = devices.save(device(owner, "https://push.example.com/a", OTHER_AUTH)).await.unwrap();

    assert_eq!(again, first, "the device keeps its id");
    let listed = devices.of_user(owner).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].id, listed[0].keys.auth.as_str()), (first, OTHER_AUTH));
}

pub async fn an_endpoint_subscribed_by_another_user_moves_to_them(
    devices: Arc<dyn PushDevices>,
    users: Arc<dyn UserRepository>,
) {
    let (before, after) = (user(&*users).await, user(&*users).await);
    let old = devices.save(device(before, "https://push.example.com/shared", AUTH)).await.unwrap();

    let new = devices.save(device(after, "https://push.example.com/shared", AUTH)).await.unwrap();

    assert_ne!(new, old, "a new owner gets a new id");
    assert!(devices.of_user(before).await.unwrap().is_empty());
    assert_eq!(endpoints(&devices.of_user(after).await.unwrap()), ["https://push.example.com/shared"]);
}

pub async fn another_users_device_is_not_removable(devices: Arc<dyn PushDevices>, users: Arc<dyn UserRepository>) {
    let (owner, stranger) = (user(&*users).await, user(&*users).await);
    let id = devices.save(device(owner, "https://push.example.com/a", AUTH)).await.unwrap();

    assert!(!devices.remove(stranger, id).await.unwrap());
    assert!(!devices.remove(owner, PushDeviceId::new_random()).await.unwrap());
    assert_eq!(devices.of_user(owner).await.unwrap().len(), 1);

    assert!(devices.remove(owner, id).await.unwrap());
    assert!(devices.of_user(owner).await.unwrap().is_empty());
    assert!(!devices.remove(owner, id).await.unwrap(), "removing twice finds nothing the second time");
}

pub async fn the_eleventh_device_replaces_the_oldest(devices: Arc<dyn PushDevices>, users: Arc<dyn UserRepository>) {
    let (owner, other) = (user(&*users).await, user(&*users).await);
    devices.save(device(other, "https://push.example.com/other", AUTH)).await.unwrap();
    for n in 0..=MAX_PUSH_DEVICES_PER_USER {
        devices.save(device(owner, &format!("https://push.example.com/{n}"), AUTH)).await.unwrap();
    }

    let kept = devices.of_user(owner).await.unwrap();

    assert_eq!(kept.len(), MAX_PUSH_DEVICES_PER_USER);
    let expected: Vec<String> =
        (1..=MAX_PUSH_DEVICES_PER_USER).map(|n| format!("https://push.example.com/{n}")).collect();
    assert_eq!(endpoints(&kept), expected, "oldest first, the first one gone");
    assert_eq!(devices.of_user(other).await.unwrap().len(), 1, "another user's devices are not counted");
}

pub async fn subscribing_again_makes_a_device_the_newest(
    devices: Arc<dyn PushDevices>,
    users: Arc<dyn UserRepository>,
) {
    let owner = user(&*users).await;
    for n in 0..MAX_PUSH_DEVICES_PER_USER {
        devices.save(device(owner, &format!("https://push.example.com/{n}"), AUTH)).await.unwrap();
    }
    devices.save(device(owner, "https://push.example.com/0", AUTH)).await.unwrap();

    devices.save(device(owner, "https://push.example.com/new", AUTH)).await.unwrap();

    let kept = endpoints(&devices.of_user(owner).await.unwrap()).join(" ");
    assert!(kept.contains("/0 ") && !kept.contains("/1 "), "the refreshed device stays, the oldest goes: {kept}");
}

pub async fn removing_an_endpoint_removes_its_device_whoever_owns_it(
    devices: Arc<dyn PushDevices>,
    users: Arc<dyn UserRepository>,
) {
    let owner = user(&*users).await;
    devices.save(device(owner, "https://push.example.com/gone", AUTH)).await.unwrap();
    devices.save(device(owner, "https://push.example.com/kept", AUTH)).await.unwrap();

    devices.remove_endpoint("https://push.example.com/gone").await.unwrap();
    devices.remove_endpoint("https://push.example.com/never-seen").await.unwrap();

    assert_eq!(endpoints(&devices.of_user(owner).await.unwrap()), ["https://push.example.com/kept"]);
}

pub async fn concurrent_saves_for_one_user_never_keep_more_than_ten(
    devices: Arc<dyn PushDevices>,
    users: Arc<dyn UserRepository>,
) {
    let owner = user(&*users).await;
    let mut racers = JoinSet::new();
    for n in 0..15 {
        let devices = devices.clone();
        racers.spawn(async move { devices.save(device(owner, &format!("https://push.example.com/{n}"), AUTH)).await });
    }
    for saved in racers.join_all().await {
        saved.unwrap();
    }

    assert_eq!(devices.of_user(owner).await.unwrap().len(), MAX_PUSH_DEVICES_PER_USER);
}

crate::memory_and_sql_contract!(
    memory: |check| check(
        std::sync::Arc::new(signalbox::adapters::memory::MemoryPushDevices::default()),
        std::sync::Arc::new(signalbox::adapters::memory::InMemoryAccounts::new()),
    ),
    sql: |check, store| check(store.clone(), store);
    [
    a_saved_device_is_listed_for_its_user_only,
    subscribing_again_from_one_endpoint_keeps_one_device_with_the_new_keys,
    an_endpoint_subscribed_by_another_user_moves_to_them,
    another_users_device_is_not_removable,
    the_eleventh_device_replaces_the_oldest,
    subscribing_again_makes_a_device_the_newest,
    removing_an_endpoint_removes_its_device_whoever_owns_it,
    concurrent_saves_for_one_user_never_keep_more_than_ten,
    ]
);
