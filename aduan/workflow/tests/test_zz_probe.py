import collections, pytest
from hypothesis import settings, HealthCheck
from hypothesis.stateful import run_state_machine_as_test
from aduan.workflow.tests import test_machine as tm
SEEN = collections.Counter()
orig = tm.ComplaintLife.stays_legal
class Probe(tm.ComplaintLife):
    def teardown(self):
        if self.complaint: 
            n=0
            for e in self.complaint.events.filter(kind="status_changed"): SEEN[e.data["to"]] += 1; n+=1
            SEEN["#depth%d" % n] += 1
@pytest.mark.django_db
def test_probe():
    run_state_machine_as_test(Probe, settings=settings(max_examples=25, stateful_step_count=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]))
    print(SEEN)
