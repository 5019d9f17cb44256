"""What every service says when it will not do what was asked."""


class Refusal(ValueError):
    """A request the rules turn down, in words for the person who made it: shown beside the form, never a 500.

    Each area of the product has its own kind (WorkflowError, CycleError, PublishingError...), so a view can tell
    them apart when it must, and `wsoa.attempts.attempt` can treat them alike when it need not."""
