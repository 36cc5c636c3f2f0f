# PLACEHOLDER written by the lead for build testing; helper-2 replaces this whole file.
class BaseModel:
    def __init__(self, **kw):
        for k, v in kw.items():
            object.__setattr__(self, k, v)

    def __repr__(self):
        return type(self).__name__ + "(" + ", ".join(f"{k}={v!r}" for k, v in vars(self).items()) + ")"


def from_tool_result(cls, data, index, tool):
    return cls(**data)


def begin_trace():
    pass


def end_trace():
    return None
