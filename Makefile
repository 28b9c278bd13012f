# The build behind `sam build`. Every function in template.yaml has `Metadata: BuildMethod: makefile`,
# so SAM runs `make --makefile <this file> build-<LogicalId>` once per function, with ARTIFACTS_DIR
# set to that function's folder under .aws-sam/build and its working directory a scratch copy of
# CodeUri (this folder). Paths below are therefore taken from this file's own location, and the
# jars are built by Maven once: they are file targets, rebuilt only when a source is newer, so the
# other functions only copy theirs. Lambda's Java runtime puts lib/*.jar on the classpath, so each
# function's artifact is its jar under lib/.
#
# A jar per kind of function, each with only the AWS SDK clients its functions call (functions/pom.xml):
# a function not listed below gets the core jar (DynamoDB). DeployedJarsTest checks, from the code,
# that every class a function can call is in the jar it is given here.
SHELL := /bin/bash
ROOT := $(patsubst %/,%,$(dir $(abspath $(firstword $(MAKEFILE_LIST)))))
JAR := $(ROOT)/functions/target/clinic-functions-aws.jar
COGNITO_JAR := $(ROOT)/functions/target/clinic-functions-cognito-aws.jar
PUBLISHER_JAR := $(ROOT)/functions/target/clinic-functions-publisher-aws.jar
SUBSCRIBERS_JAR := $(ROOT)/functions/target/clinic-functions-subscribers-aws.jar
JARS := $(JAR) $(COGNITO_JAR) $(PUBLISHER_JAR) $(SUBSCRIBERS_JAR)

COGNITO_FUNCTIONS := ObtainToken RefreshToken RegisterDoctor RegisterPatient RegisterStaff
PUBLISHER_FUNCTIONS := PublishEvents RepublishOutbox
SUBSCRIBER_FUNCTIONS := Notify Remind SetOfferTimer ExpireOffer
jar-for = $(if $(filter $1,$(COGNITO_FUNCTIONS)),$(COGNITO_JAR),$(if $(filter $1,$(PUBLISHER_FUNCTIONS)),$(PUBLISHER_JAR),$(if $(filter $1,$(SUBSCRIBER_FUNCTIONS)),$(SUBSCRIBERS_JAR),$(JAR))))
SOURCES := $(ROOT)/template.yaml $(ROOT)/pom.xml $(ROOT)/functions/pom.xml \
           $(shell find $(ROOT)/functions/src/main $(ROOT)/functions/src/build -type f)

.PHONY: jar
jar: $(JARS)

$(JARS) &: $(SOURCES)
	cd "$(ROOT)" && source infra/bin/java-home.sh && ./mvnw -q -B -DskipTests -pl functions -am package
	touch $(JARS)

# build-<LogicalId> for each function of template.yaml (a top-level resource there, or an error).
build-%: $(JARS)
	@grep -qx '  $*:' "$(ROOT)/template.yaml" || { echo "$* is not a resource of template.yaml" >&2; exit 1; }
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it" >&2; exit 1; }
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(call jar-for,$*)" "$(ARTIFACTS_DIR)/lib/"

# The jar function <LogicalId> is given (for DeployedJarsTest): make -s jar-of-BookAppointment
jar-of-%:
	@echo "$(call jar-for,$*)"
