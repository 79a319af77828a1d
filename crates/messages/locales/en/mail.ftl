# Mails sent to people: sign-in links and unlock links.
mail-sign-in-link-subject = Your sign-in link
mail-sign-in-link-body =
    Hello { $name },

    Open this link to see your orders and requests (valid for 30 minutes, works once):
    { $link }

    If you did not ask for it, ignore this message.
mail-unlock-subject = Unlock your account
mail-unlock-body =
    Hello { $name },

    Your account was locked for a while after several wrong passwords. If that was you, open this link and press the button to unlock it, then sign in with your password (valid for 1 hour, works once):
    { $link }

    If it was not you, someone is trying to guess your password: do not press the button, and tell an administrator.
mail-reply-body =
    { $header }

    { $reply }

    — 
    { $shop } · { $reference }
    Answer this email to reply; your answer is added to request { $reference }.

    { $history }
mail-acknowledgement-body =
    Hello { $name },

    We have received your message and opened request { $reference }. A person from our team will answer by email; you can add to it by answering this email.

    { $quoted }
mail-no-text = (The message had no text.)
mail-no-subject = (no subject)
mail-reply-header = ##- Please type your reply above this line -##
mail-history-entry = On { $when }, { $author } wrote:
csat-mail-subject = How did we do? ({ $reference })
csat-mail-body =
    Hello { $name },

    Your request { $reference } ("{ $subject }") is solved. How did we do? Choose a rating:

    { $links }

    The link opens a page where you confirm your rating and can add a comment. It works for { $days } days.
csat-rating-5 = Very good
csat-rating-4 = Good
csat-rating-3 = OK
csat-rating-2 = Poor
csat-rating-1 = Very poor
csat-reopened-note =
    The customer rated the answer { $rating } of 5 and the conversation was reopened.
    Their comment: { $comment }
csat-chat-ask = Your request { $reference } is solved. How did we do? Rate us in one step: { $link }

# Staff password reset (docs/SECURITY.md).
mail-reset-subject = Reset your marketdesk password
mail-reset-body =
    Hello { $name },

    Someone (we hope you) asked to reset the password of your marketdesk account. Open this link within an hour to choose a new one; it works once:
    { $link }

    If you did not ask, ignore this mail: your password stays as it is.
mail-password-changed-subject = Your marketdesk password was changed
mail-password-changed-body =
    Hello { $name },

    The password of your marketdesk account was just changed with a reset link, and every session was signed out. If this was not you, tell your administrator at once.
