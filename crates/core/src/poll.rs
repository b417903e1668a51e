//! Polls (Thăm dò ý kiến): a question with choices (one or several may be
//! chosen), open between two times, one vote per visitor.

use serde::Serialize;

use crate::SiteId;

pub const MAX_QUESTION: usize = 300;
pub const MAX_CHOICE: usize = 200;
pub const MAX_CHOICES: usize = 20;
pub const POLLS_PATH: &str = "/tham-do";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Choice {
    pub id: i64,
    pub label: String,
    pub votes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Poll {
    pub id: i64,
    pub site_id: SiteId,
    pub question: String,
    pub choices: Vec<Choice>,
    /// Several choices may be ticked.
    pub multiple: bool,
    pub opens_at: i64,
    /// `None`: open until someone closes it.
    pub closes_at: Option<i64>,
    /// How many visitors voted (a vote may tick several choices).
    pub voters: i64,
}

impl Poll {
    pub fn path(&self) -> String {
        format!("{POLLS_PATH}/{}", self.id)
    }

    pub fn is_open(&self, now: i64) -> bool {
        self.opens_at <= now && self.closes_at.is_none_or(|closes| now < closes)
    }

    /// Whether it may be kept as written (a catalog key when not).
    pub fn check(&self) -> Result<(), &'static str> {
        if self.question.trim().is_empty() {
            return Err("polls.question_required");
        }
        if self.question.chars().count() > MAX_QUESTION
            || self
                .choices
                .iter()
                .any(|c| c.label.chars().count() > MAX_CHOICE)
        {
            return Err("polls.too_long");
        }
        let labels: Vec<&str> = self
            .choices
            .iter()
            .map(|c| c.label.trim())
            .filter(|l| !l.is_empty())
            .collect();
        if labels.len() < 2 {
            return Err("polls.two_choices");
        }
        if labels.len() > MAX_CHOICES {
            return Err("polls.too_many_choices");
        }
        let mut seen = std::collections::HashSet::new();
        if !labels.iter().all(|label| seen.insert(label.to_lowercase())) {
            return Err("polls.same_choice");
        }
        if self.closes_at.is_some_and(|closes| closes <= self.opens_at) {
            return Err("polls.closes_before_opening");
        }
        Ok(())
    }

    /// Which of `chosen` (choice ids) make a vote: known choices only, one
    /// unless several are allowed; `None` when the vote is not one.
    pub fn ballot(&self, chosen: &[i64]) -> Option<Vec<i64>> {
        let mut ballot = chosen.to_vec();
        ballot.sort_unstable();
        ballot.dedup();
        let known = ballot
            .iter()
            .all(|id| self.choices.iter().any(|c| c.id == *id));
        match ballot.len() {
            0 => None,
            _ if !known => None,
            1 => Some(ballot),
            _ if self.multiple => Some(ballot),
            _ => None,
        }
    }

    /// Each choice's share of the voters, in whole per cent.
    pub fn shares(&self) -> Vec<u32> {
        self.choices
            .iter()
            .map(|c| {
                if self.voters == 0 {
                    0
                } else {
                    u32::try_from((c.votes * 100 + self.voters / 2) / self.voters).unwrap_or(100)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poll(multiple: bool) -> Poll {
        Poll {
            question: "Bạn đánh giá thế nào về dịch vụ công trực tuyến?".into(),
            choices: ["Tốt", "Bình thường", "Chưa tốt"]
                .iter()
                .enumerate()
                .map(|(i, label)| Choice {
                    id: i as i64 + 1,
                    label: label.to_string(),
                    votes: 0,
                })
                .collect(),
            multiple,
            opens_at: 100,
            closes_at: Some(200),
            ..Poll::default()
        }
    }

    #[test]
    fn a_ballot_holds_known_choices_once() {
        let single = poll(false);
        assert_eq!(single.ballot(&[2]), Some(vec![2]));
        assert_eq!(single.ballot(&[1, 2]), None);
        assert_eq!(single.ballot(&[9]), None);
        assert_eq!(single.ballot(&[]), None);
        let several = poll(true);
        assert_eq!(several.ballot(&[3, 1]), Some(vec![1, 3]));
        assert_eq!(several.ballot(&[1, 9]), None);
    }

    #[test]
    fn open_between_its_times() {
        let poll = poll(false);
        assert!(!poll.is_open(99));
        assert!(poll.is_open(100));
        assert!(!poll.is_open(200));
    }

    #[test]
    fn refuses_a_poll_without_two_different_choices() {
        let mut bad = poll(false);
        bad.choices.truncate(1);
        assert_eq!(bad.check(), Err("polls.two_choices"));
        let mut same = poll(false);
        same.choices[1].label = "tốt".into();
        assert_eq!(same.check(), Err("polls.same_choice"));
        let mut backwards = poll(false);
        backwards.closes_at = Some(50);
        assert_eq!(backwards.check(), Err("polls.closes_before_opening"));
    }

    #[test]
    fn shares_round_to_whole_per_cents() {
        let mut counted = poll(false);
        counted.voters = 3;
        counted.choices[0].votes = 2;
        counted.choices[1].votes = 1;
        assert_eq!(counted.shares(), vec![67, 33, 0]);
    }
}
