# Help with customers' marketplace accounts (docs/TRUST.md, "Account help").
account-action-password_reset_link = send a password-reset link
account-action-unlock = unlock the account
account-action-resend_verification = send the verification email again
account-action-change_email = change the sign-in email
account-action-reset_second_factor = reset the two-step verification
account-action-close_account = close the account
account-action-status-requested = sent to the marketplace
account-action-status-done = done
account-action-status-failed = not done
account-action-done-subject = Your account: done
account-action-done-body =
    Hello { $name },

    As you asked our support team, the marketplace did this on your account: { $what }.

    If you did not ask for this, answer this email at once. We never ask for your password.
account-action-failed-subject = Your account: not done yet
account-action-failed-body =
    Hello { $name },

    The marketplace could not do this on your account: { $what }. Our support team will get back to you.
account-action-sent = Sent to the marketplace; its answer will show below.
account-action-needs-check = This needs a passed identity check first: start one below, with two steps answered right (one about the orders).
account-help-heading = Help with an account
account-help-lead = The marketplace does it: we never see or set a password. Unlocking, a new email, a second-factor reset and closing wait for a passed identity check.
account-help-email = Customer's email
account-help-action = What to do
account-help-new-email = New email (to change it)
account-help-send = Ask the marketplace
account-actions-heading = Account actions
identity-start-heading = Start an identity check
identity-start-reason = Why (e.g. wants to change the email)
identity-start = Start the check
identity-passed-heading = Passed in the last week
identity-document = Identity document
identity-document-requested = link sent
identity-document-uploaded = waiting for review
identity-document-deleted = reviewed and deleted
identity-document-expired = link expired
identity-document-view = View the document
identity-document-matches = Matches the account's owner
identity-document-no-match = Does not match
identity-document-review = Record and delete the file
identity-document-ask = Ask for an identity document
identity-document-asked = A link to upload the document was mailed to the customer (48 hours).
identity-document-mail-subject = Please send us a photo of your identity document
identity-document-mail-body =
    Hello { $name },

    To give you back access to your account, please upload a photo or a PDF of an identity document (passport, ID card or driving licence) here, within 48 hours:
    { $link }

    An agent looks at it once and then it is deleted. We never ask for your password.
identity-upload-heading = Your identity document
identity-upload-lead = { $name }, upload a photo or a PDF of your passport, ID card or driving licence. An agent looks at it once to confirm it is you, and then it is deleted.
identity-upload-file = The document
identity-upload-rules = JPEG, PNG or PDF, at most 5 MB. You may cover your document number.
identity-upload-send = Send it
identity-upload-thanks = Thank you: we received your document. An agent will look at it and contact you.
identity-upload-choose = Choose the file of your document.
identity-upload-wrong-type = That file is not a photo (JPEG or PNG) or a PDF of a document.
identity-upload-expired = This link no longer works. Ask our support team for a new one.
